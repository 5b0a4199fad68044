"""``xiansuo person`` and ``xiansuo judge``: explain a person, record who a record is."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from xiansuo.analysis.person import person_file
from xiansuo.cli_options import GraphOpt, MaskOpt, Neo4jOpt, OutDir
from xiansuo.graph_loader.judgements import Judgement, Judgements, today
from xiansuo.graph_loader.resident_id import mask_id
from xiansuo.graph_loader.text import compact_id
from xiansuo.pipeline import JUDGEMENTS_NAME, open_graph

__all__ = ["judge", "person"]

console = Console()
HOW = {
    "exact": "证件号一致 (same ID)",
    "id15": "15位证件号升级 (15-digit ID upgraded)",
    "id_typo": "证件号笔误+姓名 (ID typo + name)",
    "name_birth": "姓名+出生日期 (name + birth date)",
    "org_name": "单位名称 (organisation name)",
    "judgement": "人工判定 (investigator's judgement)",
}


def person(
    id_no: Annotated[str, typer.Argument(help="Canonical ID number or USCC.")],
    out: OutDir = Path("xiansuo-out"),
    graph: GraphOpt = None,
    neo4j: Neo4jOpt = None,
    mask: MaskOpt = True,
) -> None:
    """Show a person's records, each with how it was matched, and same-name loose records."""
    shown = mask_id if mask else str
    engine, _ = open_graph(out, graph, neo4j)
    with engine:
        found = person_file(engine, compact_id(id_no))
    if found.node is None:
        console.print(f"nobody with ID {shown(compact_id(id_no))} in this graph")
        raise typer.Exit(1)
    node = found.node
    facts = "; ".join(str(node[k] or "?") for k in ("label", "gender", "birth_date"))
    console.print(f"[bold]{node['name'] or '(no name)'}[/bold] {shown(found.id_no)} ({facts})")
    console.print(f"{len(found.records)} record(s):")
    for r in found.records:
        link = f"{r['link']} {r['role']}" if r["role"] else r["link"]
        how = HOW.get(r["match"] or "", r["match"] or "")
        written = f"  written {shown(r['claimed_id'])}" if r["claimed_id"] else ""
        console.print(f"  {r['src_file']}:{r['src_row']}  {link} → {r['other_key'] or r['other']}"
                      f"  {how}{written}", soft_wrap=True, markup=False)  # fmt: skip
    if found.unresolved_same_name:
        count = len(found.unresolved_same_name)
        console.print(f"unresolved records with the same name ({count}), see "
                      "resolution_review.csv; record a decision with `xiansuo judge`:")  # fmt: skip
        for r in found.unresolved_same_name:
            claimed = shown(r["claimed_id"]) if r["claimed_id"] else "(no ID)"
            console.print(f"  {r['src_table']} {r['src_file']}:{r['src_row']} {claimed} "
                          f"→ {r['other_key'] or r['other']}", soft_wrap=True)  # fmt: skip


def judge(
    person_id: Annotated[str, typer.Option("--person", help="The person's canonical ID.")],
    name: Annotated[str, typer.Option(help="The record's name as loaded.")],
    claimed_id: Annotated[
        str, typer.Option(help="The record's ID as written; empty if none.")
    ] = "",
    same: Annotated[bool, typer.Option("--same/--not-same", help="The decision.")] = True,
    who: Annotated[str, typer.Option(help="Who decided.")] = ...,
    why: Annotated[str, typer.Option(help="On what grounds.")] = ...,
    out: Annotated[Path, typer.Option("--out", "-o", help="The run's output folder.")] = Path(
        "xiansuo-out"
    ),
) -> None:
    """Record that a record (ID as written + name) is, or is not, a person; later runs obey."""
    judgement = Judgement(compact_id(claimed_id), name.strip(), compact_id(person_id),
                          "same" if same else "not_same", who, today(), why)  # fmt: skip
    path = out / JUDGEMENTS_NAME
    Judgements.append(path, judgement)
    console.print(f"recorded in {path}; it applies from the next load or run", soft_wrap=True)
