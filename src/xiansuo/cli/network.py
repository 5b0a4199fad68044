"""``xiansuo analyze``, ``path`` and ``neighborhood``: the network around people, printed."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from xiansuo.analysis.analyze import Analysis
from xiansuo.analysis.paths import Step, neighborhood, shortest_paths
from xiansuo.cli.common import Ui, command
from xiansuo.cli.options import WHO_HELP, MaskOpt
from xiansuo.cli.parties import resolve_party
from xiansuo.graph_loader.text import compact_id
from xiansuo.model.labels import CASE, PARTY_LABELS
from xiansuo.model.subgraph import GraphNode, Subgraph
from xiansuo.model.texts import join
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.stages import analysis_stage
from xiansuo.pipeline.staging import building
from xiansuo.viz.page import render_page

__all__ = ["analyze", "neighborhood_command", "path", "print_analysis"]

PageOpt = Annotated[
    Path | None,
    typer.Option("--page", help="Where to write the page.", show_default="OUT/pages/…"),
]
SHOWN = 3  # members listed per community


def print_analysis(ui: Ui, found: Analysis, project: Project) -> None:
    """The widest communities and the key people, IDs masked unless masking is off."""
    sizes = ", ".join(
        ui.t("cli.projection", name=name, nodes=s["nodes"], edges=s["edges"])
        for name, s in found.projections.items()
    )
    ui.say("cli.projections", sizes=sizes)
    table = ui.table(title=ui.t("cli.communities_title"))
    for key in ("cli.community", "cli.size", "cli.regions", "cli.filed", "cli.members"):
        table.add_column(ui.t(key), justify="right" if key in ("cli.community", "cli.size")
                         else "left")  # fmt: skip
    for c in found.top_communities(10):
        members = join(c.members[:SHOWN], ui.lang)
        more = f" … (+{c.size - SHOWN})" if c.size > SHOWN else ""
        table.add_row(str(c.id), str(c.size), f"{len(c.regions)}: {join(c.regions, ui.lang)}",
                      f"{c.first_filed} – {c.last_filed}", members + more)  # fmt: skip
    ui.console.print(table)
    people = ui.table(title=ui.t("cli.key_people_title"))
    for key in ("cli.person", "cli.community", "cli.co_offenders", "cli.betweenness"):
        people.add_column(ui.t(key), justify="left" if key == "cli.person" else "right")
    for p in found.key_people[:10]:
        people.add_row(p.id_no, str(p.community), str(p.degree), f"{p.betweenness:g}")
    ui.console.print(people)
    ui.say("cli.file", what=ui.t("cli.analysis"), path=project.run.analysis)


@command(graph=True)
def analyze(ui: Ui, project: Project, mask: MaskOpt = True) -> None:
    """Find co-offender communities and key people; write them to the graph and OUT."""
    with ui.reading(project):
        pass  # a folder without a loaded graph is refused before anything is built
    with (
        building(project, "analyze", graph="copy") as staged,
        staged.engine() as engine,
        ui.console.status(ui.t("cli.analysing")) as status,
    ):
        found = analysis_stage(staged, engine, progress=lambda step: status.update(
            ui.t("cli.step_done", step=step)))  # fmt: skip
    print_analysis(ui, found, project)


def _label(node: GraphNode | None, key: str, ui: Ui) -> str:
    if node is None:
        return key
    props = node.properties
    if node.label in PARTY_LABELS:
        return f"{props.get('name') or '?'} ({props['id_no']})"
    return props.get("case_no", key) if node.label == CASE else node.label


def _write_page(ui: Ui, project: Project, found: Subgraph, page: Path | None, name: str) -> None:
    # The default name is a digest, not the ID numbers: file names show up in listings.
    target = page or project.run.pages / name
    written = render_page(found, target, project.vocabulary, mask=ui.mask, lang=ui.lang)
    ui.say("cli.page", path=written)


def _digest(*ids: str) -> str:
    return hashlib.sha256("|".join(ids).encode()).hexdigest()[:12]


def _print_steps(ui: Ui, found: Subgraph, steps: list[Step]) -> None:
    for s in steps:
        source = _label(found.nodes.get(s.source), s.source, ui)
        target = _label(found.nodes.get(s.target), s.target, ui)
        how = f"{s.type} {s.role}" if s.role else s.type
        where = f"  [{s.src_file or s.src_table}:{s.src_row}]" if s.src_row else ""
        ui.print(f"  {source} —{how}→ {target}{where}")


@command(graph=True)
def path(
    ui: Ui,
    project: Project,
    who_a: Annotated[str, typer.Argument(metavar="WHO_A", help=f"The first person: {WHO_HELP}")],
    who_b: Annotated[str, typer.Argument(metavar="WHO_B", help="The second person, likewise.")],
    max_hops: Annotated[int, typer.Option(min=1, max=12, help="Longest path, in links.")] = 6,
    mask: MaskOpt = True,
    page: PageOpt = None,
) -> None:
    """The shortest connections between two people, each step with its source record."""
    if compact_id(who_a) == compact_id(who_b):
        raise ui.fail(ui.t("cli.same_person"))
    with ui.reading(project), project.engine(save=False) as engine:
        a, b = (resolve_party(ui, engine, project, who) for who in (who_a, who_b))
        if a == b:
            raise ui.fail(ui.t("cli.same_person"))
        found, paths = shortest_paths(engine, project.vocabulary, a, b, max_hops=max_hops,
                                      lang=ui.lang)  # fmt: skip
    for note in found.notes:
        ui.print(note)
    if not paths:
        raise typer.Exit(1)
    for number, steps in enumerate(paths, 1):
        hops = len({(s.source, s.target) for s in steps})
        ui.say("cli.path", number=number, count=hops)
        _print_steps(ui, found, steps)
    _write_page(ui, project, found, page, f"path-{_digest(a, b)}.html")


@command(graph=True)
def neighborhood_command(
    ui: Ui,
    project: Project,
    who: Annotated[str, typer.Argument(metavar="WHO", help=WHO_HELP)],
    hops: Annotated[int, typer.Option(min=1, max=4, help="Links out from the person.")] = 2,
    limit: Annotated[int, typer.Option(min=1, help="Most nodes to pull.")] = 500,
    mask: MaskOpt = True,
    page: PageOpt = None,
) -> None:
    """A person's neighbourhood: what lies within N links, counted by kind and drawn."""
    with ui.reading(project), project.engine(save=False) as engine:
        id_no = resolve_party(ui, engine, project, who)
        found = neighborhood(engine, project.vocabulary, id_no, hops=hops, limit=limit,
                             lang=ui.lang)  # fmt: skip
    for note in found.notes:
        ui.print(note)
    if not found.nodes:
        raise typer.Exit(1)
    table = ui.table(title=found.title)
    for key in ("cli.kind", "cli.count", "cli.examples"):
        table.add_column(ui.t(key), justify="right" if key == "cli.count" else "left")
    by_label: dict[str, list[GraphNode]] = {}
    for node in found.nodes.values():
        if node.key not in found.focus:
            by_label.setdefault(node.label, []).append(node)
    for label, nodes in sorted(by_label.items()):
        examples = join((_label(n, n.key, ui) for n in nodes[:SHOWN]), ui.lang)
        table.add_row(project.vocabulary.label_name(label, ui.lang), str(len(nodes)), examples)
    links = Counter(edge.type for edge in found.edges)
    ui.console.print(table)
    ui.say("cli.links", links=join((f"{k} {v}" for k, v in sorted(links.items())), ui.lang))
    _write_page(ui, project, found, page, f"neighborhood-{_digest(id_no, str(hops))}.html")
