"""``xiansuo person`` and ``xiansuo judge``: explain a person, record who a record is."""

from __future__ import annotations

from typing import Annotated

import typer

from xiansuo.analysis.person import person_file
from xiansuo.cli.common import Ui, command
from xiansuo.cli.options import WHO_HELP, MaskOpt
from xiansuo.cli.parties import resolve_party
from xiansuo.graph_loader.judgements import Judgement, Judgements, today
from xiansuo.graph_loader.text import compact_id
from xiansuo.pipeline.project import Project

__all__ = ["judge", "person"]


@command(graph=True)
def person(
    ui: Ui,
    project: Project,
    who: Annotated[str, typer.Argument(metavar="WHO", help=WHO_HELP)],
    mask: MaskOpt = True,
) -> None:
    """Show a person's records, each with how it was matched, and same-name loose records."""
    with ui.reading(project), project.engine(save=False) as engine:
        id_no = resolve_party(ui, engine, project, who)
        found = person_file(engine, id_no)
    if found.node is None:
        ui.say("cli.nobody", id=id_no)
        raise typer.Exit(1)
    vocabulary, node = project.vocabulary, found.node
    facts = "; ".join(str(node[k] or "?") for k in ("label", "gender", "birth_date"))
    ui.print(f"{node['name'] or ui.t('cli.no_name')} {found.id_no} ({facts})")
    ui.say("cli.records", count=len(found.records))
    for r in found.records:
        link = f"{r['link']} {r['role']}" if r["role"] else r["link"]
        how = vocabulary.value_name(r["match"], ui.lang) if r["match"] else ""
        written = "  " + ui.t("cli.written_as", id=r["claimed_id"]) if r["claimed_id"] else ""
        ui.print(f"  {r['src_file']}:{r['src_row']}  {link} → {r['other_key'] or r['other']}"
                 f"  {how}{written}")  # fmt: skip
    if found.unresolved_same_name:
        ui.say("cli.same_name_unresolved", count=len(found.unresolved_same_name))
        for r in found.unresolved_same_name:
            claimed = r["claimed_id"] if r["claimed_id"] else ui.t("cli.no_id")
            ui.print(f"  {r['src_table']} {r['src_file']}:{r['src_row']} {claimed} "
                     f"→ {r['other_key'] or r['other']}")  # fmt: skip


@command()
def judge(
    ui: Ui,
    project: Project,
    person_id: Annotated[str, typer.Option("--person", help="The person's canonical ID.")],
    name: Annotated[str, typer.Option(help="The record's name as loaded.")],
    who: Annotated[str, typer.Option(help="Who decided.")],
    why: Annotated[str, typer.Option(help="On what grounds.")],
    claimed_id: Annotated[
        str, typer.Option(help="The record's ID as written; empty if none.")
    ] = "",
    same: Annotated[bool, typer.Option("--same/--not-same", help="The decision.")] = True,
) -> None:
    """Record that a record (ID as written + name) is, or is not, a person; later runs obey."""
    judgement = Judgement(compact_id(claimed_id), name.strip(), compact_id(person_id),
                          "same" if same else "not_same", who, today(), why)  # fmt: skip
    Judgements.append(project.run.judgements, judgement)
    ui.say("cli.judged", path=project.run.judgements)
