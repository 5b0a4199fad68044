"""``xiansuo analyze``, ``path`` and ``neighborhood``: the network around people, printed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from xiansuo.analysis.analyze import Analysis
from xiansuo.analysis.paths import Step, neighborhood, shortest_paths
from xiansuo.cli_options import GraphOpt, LangOpt, MaskOpt, Neo4jOpt, OutDir
from xiansuo.graph_loader.resident_id import mask_id
from xiansuo.graph_loader.text import compact_id
from xiansuo.pipeline import ANALYSIS_NAME, analysis_stage, open_graph
from xiansuo.viz.page import render_page
from xiansuo.viz.subgraph import GraphNode, Subgraph

__all__ = ["analyze", "neighborhood_command", "path", "print_analysis"]

console = Console()
PageOpt = Annotated[
    Path | None, typer.Option("--page", help="Where to write the page [default: OUT/pages/…].")
]
SHOWN = 3  # members listed per community


def _shower(mask: bool) -> Callable[[str], str]:
    return mask_id if mask else str


def print_analysis(found: Analysis, out: Path, *, mask: bool = True) -> None:
    """The widest communities and the key people, IDs masked unless ``mask`` is off."""
    shown = _shower(mask)
    sizes = ", ".join(
        f"{name} {s['nodes']} nodes / {s['edges']} edges" for name, s in found.projections.items()
    )
    console.print(f"projections: {sizes}", soft_wrap=True)
    table = Table(title="共犯团伙 (co-offender communities, widest first)")
    for column in ("id", "size", "regions", "filed", "members"):
        table.add_column(column, justify="right" if column in ("id", "size") else "left")
    for c in found.top_communities(10):
        members = ", ".join(shown(m) for m in c.members[:SHOWN])
        more = f" … (+{c.size - SHOWN})" if c.size > SHOWN else ""
        table.add_row(
            str(c.id),
            str(c.size),
            f"{len(c.regions)}: {' '.join(c.regions)}",
            f"{c.first_filed} – {c.last_filed}",
            members + more,
        )
    console.print(table)
    people = Table(title="关键人物 (key people: betweenness, then co-offenders)")
    for column in ("person", "community", "co-offenders", "betweenness"):
        people.add_column(column, justify="left" if column == "person" else "right")
    for p in found.key_people[:10]:
        people.add_row(shown(p.id_no), str(p.community), str(p.degree), f"{p.betweenness:g}")
    console.print(people)
    console.print(f"analysis: {out / ANALYSIS_NAME}", soft_wrap=True)


def analyze(
    out: OutDir = Path("xiansuo-out"),
    graph: GraphOpt = None,
    neo4j: Neo4jOpt = None,
    mask: MaskOpt = True,
) -> None:
    """Find co-offender communities and key people; write them to the graph and OUT."""
    engine, _ = open_graph(out, graph, neo4j)
    with engine, console.status("analysing") as status:
        found = analysis_stage(engine, out, progress=lambda step: status.update(f"{step} done"))
    print_analysis(found, out, mask=mask)


def _label(node: GraphNode | None, key: str, shown: Callable[[str], str]) -> str:
    if node is None:
        return key
    props = node.properties
    if node.label in ("Person", "Organization"):
        return f"{props.get('name') or '?'} ({shown(props['id_no'])})"
    return props.get("case_no") if node.label == "Case" else node.label


def _write_page(found: Subgraph, page: Path | None, default: Path, mask: bool, lang: str) -> None:
    # The default name is a digest, not the ID numbers: file names show up in listings.
    written = render_page(found, page or default, mask=mask, lang=lang)
    console.print(f"page: {written}", soft_wrap=True)


def _digest(*ids: str) -> str:
    return hashlib.sha256("|".join(ids).encode()).hexdigest()[:12]


def _print_steps(found: Subgraph, steps: list[Step], shown: Callable[[str], str]) -> None:
    for s in steps:
        source = _label(found.nodes.get(s.source), s.source, shown)
        target = _label(found.nodes.get(s.target), s.target, shown)
        how = f"{s.type} {s.role}" if s.role else s.type
        where = f"  [{s.src_file or s.src_table}:{s.src_row}]" if s.src_row else ""
        console.print(f"  {source} —{how}→ {target}{where}", soft_wrap=True, markup=False)


def path(
    a: Annotated[str, typer.Argument(help="ID number of the first person.")],
    b: Annotated[str, typer.Argument(help="ID number of the second person.")],
    max_hops: Annotated[int, typer.Option(min=1, max=12, help="Longest path, in links.")] = 6,
    out: OutDir = Path("xiansuo-out"),
    graph: GraphOpt = None,
    neo4j: Neo4jOpt = None,
    mask: MaskOpt = True,
    lang: LangOpt = "zh",
    page: PageOpt = None,
) -> None:
    """The shortest connections between two people, each step with its source record, printed
    and drawn as a page."""
    a, b = compact_id(a), compact_id(b)
    engine, _ = open_graph(out, graph, neo4j)
    with engine:
        found, paths = shortest_paths(engine, a, b, max_hops=max_hops)
    for note in found.notes:
        console.print(note)
    if not paths:
        raise typer.Exit(1)
    for number, steps in enumerate(paths, 1):
        hops = len({(s.source, s.target) for s in steps})
        console.print(f"[bold]path {number}[/bold] ({hops} links):")
        _print_steps(found, steps, _shower(mask))
    _write_page(found, page, out / "pages" / f"path-{_digest(a, b)}.html", mask, lang)


def neighborhood_command(
    id_no: Annotated[str, typer.Argument(help="ID number of the person.")],
    hops: Annotated[int, typer.Option(min=1, max=4, help="Links out from the person.")] = 2,
    limit: Annotated[int, typer.Option(min=1, help="Most nodes to pull.")] = 500,
    out: OutDir = Path("xiansuo-out"),
    graph: GraphOpt = None,
    neo4j: Neo4jOpt = None,
    mask: MaskOpt = True,
    lang: LangOpt = "zh",
    page: PageOpt = None,
) -> None:
    """A person's neighbourhood: what lies within N links, counted by kind and drawn as a
    page."""
    id_no = compact_id(id_no)
    engine, _ = open_graph(out, graph, neo4j)
    with engine:
        found = neighborhood(engine, id_no, hops=hops, limit=limit)
    for note in found.notes:
        console.print(note)
    if not found.nodes:
        raise typer.Exit(1)
    shown = _shower(mask)
    table = Table(title=found.title)
    for column in ("kind", "count", "examples"):
        table.add_column(column, justify="right" if column == "count" else "left")
    by_label: dict[str, list[GraphNode]] = {}
    for node in found.nodes.values():
        if node.key not in found.focus:
            by_label.setdefault(node.label, []).append(node)
    for label, nodes in sorted(by_label.items()):
        examples = ", ".join(_label(n, n.key, shown) for n in nodes[:SHOWN])
        table.add_row(label, str(len(nodes)), examples)
    links: dict[str, int] = {}
    for edge in found.edges:
        links[edge.type] = links.get(edge.type, 0) + 1
    console.print(table)
    console.print("links: " + ", ".join(f"{k} {v}" for k, v in sorted(links.items())))
    default = out / "pages" / f"neighborhood-{_digest(id_no, str(hops))}.html"
    _write_page(found, page, default, mask, lang)
