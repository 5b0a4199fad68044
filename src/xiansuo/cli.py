"""The ``xiansuo`` command line: parses arguments, calls the pipeline, prints results."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from xiansuo.analysis_cli import analyze, neighborhood_command, path, print_analysis
from xiansuo.cli_options import GraphOpt, LangOpt, MaskOpt, Neo4jOpt, OutDir, RulesOpt
from xiansuo.graph_loader import DEFAULT_BATCH, LoadReport
from xiansuo.graph_loader.errors import InputError
from xiansuo.graph_loader.loader import REVIEW
from xiansuo.leads_cli import leads_app
from xiansuo.person_cli import judge, person
from xiansuo.pipeline import (
    LEADS_NAME,
    PRIORITY_NAME,
    REJECTS_NAME,
    REPORT_NAME,
    RUN_NAME,
    Outputs,
    analysis_stage,
    load_stage,
    open_graph,
    outputs_stage,
    priority_stage,
    rules_stage,
)  # fmt: skip
from xiansuo.queries.params import ParameterError
from xiansuo.queries.rule import RuleError, load_rules
from xiansuo.queries.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, RuleRun
from xiansuo.rules_cli import rules_app
from xiansuo.viz.page import MAX_NODES

app = typer.Typer(
    help="xiansuo (线索): graph linkage analysis for legal-supervision leads.",
    no_args_is_help=True,
)
app.add_typer(rules_app, name="rules")
app.add_typer(leads_app, name="leads")
app.command()(person)
app.command()(judge)
app.command()(analyze)
app.command()(path)
app.command("neighborhood")(neighborhood_command)
console = Console()

MappingOpt = Annotated[
    list[Path] | None, typer.Option("--mappings", help="Extra folder of mapping *.yaml files.")
]
MaxNodesOpt = Annotated[
    int, typer.Option("--max-nodes", min=10, help="Most nodes drawn on one lead page.")
]
AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="Reference date [default: today]."),
]


def _outputs(engine, out: Path, rules: list, **options: object) -> Outputs:
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("lead pages", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return outputs_stage(engine, out, rules, progress=advance, **options)


def _print_outputs(outputs: Outputs) -> None:
    status = outputs.status
    console.print(
        f"leads: {len(status.new)} new, {len(status.seen)} seen before, {len(status.gone)} gone; "
        f"{outputs.pages} lead pages in {outputs.seconds:.1f} s",
        soft_wrap=True,
    )
    console.print(f"report: {outputs.report}\nworkbook: {outputs.workbook}\n"
                  f"register: {outputs.register}", soft_wrap=True)  # fmt: skip


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}", soft_wrap=True)
    return typer.Exit(2)


def _load(engine, data_dir: Path, out: Path, **options: object) -> LoadReport:
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("loading", total=None)

        def advance(table: str, rows: int) -> None:
            bar.update(task, advance=rows, description=f"loading {table}")

        return load_stage(engine, data_dir, out, progress=advance, **options)


def _print_load(report: LoadReport, graph: str, out: Path) -> None:
    table = Table(title=f"load report ({report.engine}, {report.seconds:.1f} s)")
    for column in ("table", "read", "loaded", "duplicates", "rejected"):
        table.add_column(column, justify="left" if column == "table" else "right")
    for row in [*report.tables.values(), report.totals]:
        counts = (row.read, row.loaded, row.duplicates, row.rejected)
        table.add_row(row.table, *(str(n) for n in counts))
    console.print(table)
    for name in report.unmapped_files:
        console.print(f"[yellow]skipped {name}: no mapping for this table[/yellow]")
    matches = ", ".join(f"{k} {v}" for k, v in report.totals.matches.most_common())
    console.print(f"who is who: {matches} (see {out / REVIEW})", soft_wrap=True)
    nodes = ", ".join(f"{k} {v}" for k, v in report.graph.get("nodes", {}).items())
    # Paths must stay copyable: no wrapping inside them.
    console.print(f"graph: {graph}\n  nodes: {nodes}", soft_wrap=True)
    console.print(f"report: {out / REPORT_NAME}\nrejects: {out / REJECTS_NAME}", soft_wrap=True)


def _print_runs(runs: list[RuleRun], out: Path) -> None:
    table = Table(title="leads per rule")
    for column in ("rule", "title", "leads", "seconds", "note"):
        table.add_column(column, justify="right" if column in ("leads", "seconds") else "left")
    for run in runs:
        note = run.error or ("结果已截断 (truncated)" if run.truncated else "")
        style = "red" if run.error else None
        table.add_row(run.rule.id, run.rule.title.zh, str(len(run.leads)),
                      f"{run.seconds:.2f}", note, style=style)  # fmt: skip
    console.print(table)
    console.print(f"leads: {out / LEADS_NAME}\npriority: {out / PRIORITY_NAME}", soft_wrap=True)


@app.command()
def load(
    data_dir: Annotated[Path, typer.Argument(help="Folder with the source tables.")],
    out: OutDir = Path("xiansuo-out"),
    graph: GraphOpt = None,
    neo4j: Neo4jOpt = None,
    mappings: MappingOpt = None,
    batch_size: Annotated[int, typer.Option(min=1)] = DEFAULT_BATCH,
    mask: MaskOpt = True,
) -> None:
    """Load the tables of DATA_DIR into the graph and write the load report."""
    try:
        engine, where = open_graph(out, graph, neo4j)
        with engine:
            report = _load(engine, data_dir, out, mapping_dirs=tuple(mappings or ()),
                           batch_size=batch_size, mask=mask)  # fmt: skip
    except InputError as exc:
        raise _fail(str(exc)) from None
    _print_load(report, where, out)


@app.command()
def run(
    data: Annotated[Path, typer.Option("--data", help="Folder with the source tables.")],
    out: OutDir = Path("xiansuo-out"),
    as_of: AsOfOpt = None,
    rules: RulesOpt = None,
    graph: GraphOpt = None,
    neo4j: Neo4jOpt = None,
    mappings: MappingOpt = None,
    mask: MaskOpt = True,
    lang: LangOpt = "zh",
    max_nodes: MaxNodesOpt = MAX_NODES,
    timeout: Annotated[float, typer.Option(help="Seconds per rule.")] = DEFAULT_TIMEOUT_MS / 1000,
    max_rows: Annotated[int, typer.Option(help="Result cap per rule.")] = DEFAULT_MAX_ROWS,
    fresh: Annotated[
        bool, typer.Option("--fresh/--keep", help="Empty the graph first (a run is its data).")
    ] = True,
) -> None:
    """Load DATA, analyse the network, run every enabled rule, write OUT/leads.jsonl, the
    leads' priority, lead pages and the reports."""
    day = (as_of.date() if as_of else dt.date.today()).isoformat()
    stages: dict[str, float] = {}
    try:
        selected = load_rules(tuple(rules or ()))
        engine, where = open_graph(out, graph, neo4j)
        with engine:
            started = time.perf_counter()
            if fresh:  # else records of earlier data, or of earlier judgements, would stay
                engine.clear()
            report = _load(engine, data, out, mapping_dirs=tuple(mappings or ()), mask=mask)
            stages["load"] = time.perf_counter() - started
            _print_load(report, where, out)
            started = time.perf_counter()
            with console.status("analysing the network") as status:
                found = analysis_stage(engine, out, progress=lambda s: status.update(f"{s} done"))
            stages["analysis"] = time.perf_counter() - started
            print_analysis(found, out, mask=mask)
            started = time.perf_counter()
            with console.status("running rules") as status:
                runs = rules_stage(
                    engine, out, selected, {"as_of": day}, timeout_ms=int(timeout * 1000),
                    max_rows=max_rows,
                    progress=lambda r: status.update(f"{r.rule.id}: {len(r.leads)} leads"),
                )  # fmt: skip
            stages["rules"] = time.perf_counter() - started
            started = time.perf_counter()
            priority_stage(engine, out, runs)
            stages["priority"] = time.perf_counter() - started
            _print_runs(runs, out)
            outputs = _outputs(engine, out, selected, as_of=day, lang=lang, mask=mask,
                               max_nodes=max_nodes)  # fmt: skip
            stages["outputs"] = outputs.seconds
    except (InputError, RuleError, ParameterError) as exc:
        raise _fail(str(exc)) from None
    _print_outputs(outputs)
    console.print(
        f"as of {day}; " + ", ".join(f"{name} {secs:.1f} s" for name, secs in stages.items())
    )
    if any(r.error for r in runs):
        raise typer.Exit(1)


@app.command()
def report(
    out: OutDir = Path("xiansuo-out"),
    rules: RulesOpt = None,
    graph: GraphOpt = None,
    neo4j: Neo4jOpt = None,
    mask: MaskOpt = True,
    lang: LangOpt = "zh",
    max_nodes: MaxNodesOpt = MAX_NODES,
) -> None:
    """Re-render lead pages, report.html and leads.xlsx from OUT's leads and graph."""
    summary = out / RUN_NAME
    if not (out / LEADS_NAME).is_file() or not summary.is_file():
        raise _fail(f"no finished run in {out}: run `xiansuo run --out {out}` first")
    day = json.loads(summary.read_text(encoding="utf-8"))["params"]["as_of"]
    try:
        selected = load_rules(tuple(rules or ()))
    except RuleError as exc:
        raise _fail(str(exc)) from None
    engine, _ = open_graph(out, graph, neo4j)
    with engine:
        outputs = _outputs(engine, out, selected, as_of=day, lang=lang, mask=mask,
                           max_nodes=max_nodes)  # fmt: skip
    _print_outputs(outputs)


@app.command()
def generate(
    out: Annotated[Path, typer.Argument(help="Folder to write the nine tables into.")],
    persons: Annotated[int, typer.Option(min=500)] = 1000,
    seed: int = 1,
    dirty: Annotated[bool, typer.Option(help="Add the mess real exports contain.")] = False,
) -> None:
    """Generate synthetic source tables with planted leads and decoys."""
    from xiansuo.synth import generate as run_generate

    console.print(run_generate(out, persons=persons, seed=seed, dirty=dirty).describe())


@app.command()
def demo(
    out: OutDir = Path("xiansuo-demo"),
    persons: Annotated[int, typer.Option(min=500)] = 2000,
    seed: int = 1,
    dirty: Annotated[bool, typer.Option(help="Generate dirty data.")] = True,
) -> None:
    """Generate data, then load it and run every rule on the embedded graph."""
    from xiansuo.synth import generate as run_generate

    summary = run_generate(out / "data", persons=persons, seed=seed, dirty=dirty)
    console.print(summary.describe())
    run(data=out / "data", out=out, as_of=dt.datetime.combine(summary.as_of, dt.time()),
        rules=None, graph=None, neo4j=None, mappings=None, mask=True, lang="zh",
        max_nodes=MAX_NODES, timeout=DEFAULT_TIMEOUT_MS / 1000, max_rows=DEFAULT_MAX_ROWS,
        fresh=True)  # fmt: skip


if __name__ == "__main__":
    app()
