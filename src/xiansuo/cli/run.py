"""``xiansuo load``, ``run``, ``report``, ``generate`` and ``demo``: from exports to leads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from xiansuo.analysis.analyze import Analysis
from xiansuo.cli.common import Ui, command
from xiansuo.cli.network import print_analysis
from xiansuo.cli.options import AsOfOpt, MaskOpt, MaxNodesOpt, PagesOpt
from xiansuo.graph_loader import DEFAULT_BATCH, LoadReport
from xiansuo.graph_loader.loader import check_sources
from xiansuo.model.texts import join
from xiansuo.outputs.pages import PAGES
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.run import RunOptions, RunProgress, RunResult, run_pipeline
from xiansuo.pipeline.stages import Outputs, load_stage, outputs_stage
from xiansuo.pipeline.staging import building
from xiansuo.queries.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, RuleRun
from xiansuo.viz.page import MAX_NODES

__all__ = ["demo", "generate", "load", "report", "run"]

DEMO_OUT = Path("xiansuo-demo")
DataOpt = Annotated[Path, typer.Option("--data", help="Folder with the source tables.")]


def print_load(ui: Ui, report: LoadReport, project: Project) -> None:
    """The load report as a table, then who is who and where everything went."""
    table = ui.table(
        title=ui.t("cli.load_title", engine=report.engine, seconds=f"{report.seconds:.1f}")
    )
    for key in ("report.table", "report.read", "report.loaded_rows", "report.duplicates",
                "report.rejected"):  # fmt: skip
        table.add_column(ui.t(key), justify="left" if key == "report.table" else "right")
    vocabulary = project.vocabulary
    for row in [*report.tables.values(), report.totals]:
        counts = (row.read, row.loaded, row.duplicates, row.rejected)
        title = (
            ui.t("cli.total")
            if row.table == "total"
            else vocabulary.table_title(row.table, ui.lang)
        )
        table.add_row(title, *(str(n) for n in counts))
    ui.console.print(table)
    for name in report.unmapped_files:
        ui.say("cli.unmapped", name=name)
    matches = ", ".join(
        f"{vocabulary.value_name(k, ui.lang)} {v}" for k, v in report.totals.matches.most_common()
    )
    ui.say("cli.who_is_who", matches=matches, review=project.run.review)
    if report.totals.flags:
        flags = ", ".join(
            f"{vocabulary.value_name(k, ui.lang)} {v}" for k, v in report.totals.flags.most_common()
        )
        ui.say("cli.suspect_ids", flags=flags, review=project.run.review)
    nodes = ", ".join(f"{k} {v}" for k, v in report.graph.get("nodes", {}).items())
    ui.say("cli.graph", graph=project.graph_location)
    ui.print("  " + ui.t("cli.nodes", nodes=nodes))
    ui.say("cli.file", what=ui.t("report.loaded"), path=project.run.load_report)
    ui.say("cli.file", what=ui.t("report.rejected"), path=project.run.rejects)


def print_runs(ui: Ui, runs: list[RuleRun], project: Project) -> None:
    """Leads and time per rule; a rule that failed is named in red with why, one whose
    tables were not loaded in yellow."""
    table = ui.table(title=ui.t("cli.rules_title"))
    for key in ("cli.rule_id", "cli.rule_title", "cli.leads", "cli.seconds", "cli.note"):
        table.add_column(ui.t(key), justify="right" if key in ("cli.leads", "cli.seconds")
                         else "left", no_wrap=key == "cli.rule_id")  # fmt: skip
    for run in runs:
        note = (run.error or {}).get(ui.lang) or (ui.t("rule.truncated") if run.truncated else "")
        style = "yellow" if run.missing_tables else "red" if run.error else None
        table.add_row(run.rule.id, run.rule.title.get(ui.lang), str(len(run.leads)),
                      f"{run.seconds:.2f}", note, style=style)  # fmt: skip
    ui.console.print(table)
    ui.say("cli.file", what=ui.t("report.leads"), path=project.run.leads)
    ui.say("cli.file", what=ui.t("report.priority"), path=project.run.priority)


def print_outputs(ui: Ui, outputs: Outputs, project: Project) -> None:
    status, run = outputs.status, project.run
    ui.say("cli.outputs", new=len(status.new), seen=len(status.seen), gone=len(status.gone),
           pages=outputs.pages, seconds=f"{outputs.seconds:.1f}")  # fmt: skip
    for key, path in (("report.title", run.report), ("cli.workbook", run.workbook),
                      ("cli.register", run.register)):  # fmt: skip
        ui.say("cli.file", what=ui.t(key), path=path)


class _Shown(RunProgress):
    """A run as the console shows it: a progress bar or spinner per stage, tables between."""

    def __init__(self, ui: Ui, project: Project, mask: bool) -> None:
        self.ui, self.project, self.mask = ui, project, mask
        self.bar = Progress(console=ui.console, transient=True)
        self.task = self.bar.add_task(ui.t("cli.loading", table=""), total=None)
        self.bar.start()

    def loading(self, table: str, rows: int) -> None:
        self.bar.update(self.task, advance=rows, description=self.ui.t("cli.loading", table=table))

    def loaded(self, report: LoadReport) -> None:
        self.bar.stop()
        print_load(self.ui, report, self.project)
        self.status = self.ui.console.status(self.ui.t("cli.analysing"))
        self.status.start()

    def analysing(self, step: str) -> None:
        self.status.update(self.ui.t("cli.step_done", step=step))

    def analysed(self, found: Analysis) -> None:
        self.status.stop()
        print_analysis(self.ui, found, self.project)
        self.status = self.ui.console.status(self.ui.t("cli.running_rules"))
        self.status.start()

    def rule_done(self, run: RuleRun) -> None:
        self.status.update(self.ui.t("cli.rule_leads", rule=run.rule.id, count=len(run.leads)))

    def rules_done(self, runs: list[RuleRun]) -> None:
        self.status.stop()
        print_runs(self.ui, runs, self.project)
        self.bar = Progress(console=self.ui.console, transient=True)
        self.task = self.bar.add_task(self.ui.t("cli.lead_pages"), total=None)
        self.bar.start()

    def page_done(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        self.bar.stop()
        if hasattr(self, "status"):
            self.status.stop()


def _run(ui: Ui, project: Project, options: RunOptions) -> RunResult:
    shown = _Shown(ui, project, options.mask)
    try:
        result = run_pipeline(project, options, shown)
    finally:
        shown.stop()
    print_outputs(ui, result.outputs, project)
    stages = join(
        (ui.t("cli.stage_seconds", stage=ui.t(f"stage.{stage}"), seconds=f"{secs:.1f}")
         for stage, secs in result.seconds.items()),
        ui.lang,
    )  # fmt: skip
    ui.say("cli.as_of", day=options.as_of, stages=stages)
    return result


@command(graph=True, mappings=True)
def load(
    ui: Ui,
    project: Project,
    data_dir: Annotated[
        Path, typer.Argument(metavar="DATA_DIR", help="Folder with the source tables.")
    ],
    batch_size: Annotated[
        int, typer.Option(min=1, help="Rows per write to the graph.")
    ] = DEFAULT_BATCH,
    mask: MaskOpt = True,
) -> None:
    """Load the tables of DATA_DIR into the graph and write the load report."""
    check_sources(data_dir, project.vocabulary)
    with (
        building(project, "load", graph="copy") as staged,
        staged.engine() as engine,
        Progress(console=ui.console, transient=True) as bar,
    ):
        task = bar.add_task(ui.t("cli.loading", table=""), total=None)

        def advance(table: str, rows: int) -> None:
            bar.update(task, advance=rows, description=ui.t("cli.loading", table=table))

        report = load_stage(staged, engine, data_dir, batch_size=batch_size, mask=mask,
                            progress=advance)  # fmt: skip
    print_load(ui, report, project)


@command(graph=True, mappings=True, rules=True)
def run(
    ui: Ui,
    project: Project,
    data: DataOpt,
    as_of: AsOfOpt = None,
    mask: MaskOpt = True,
    max_nodes: MaxNodesOpt = MAX_NODES,
    pages: PagesOpt = PAGES,
    timeout: Annotated[float, typer.Option(help="Seconds per rule.")] = DEFAULT_TIMEOUT_MS / 1000,
    max_rows: Annotated[int, typer.Option(help="Result cap per rule.")] = DEFAULT_MAX_ROWS,
    fresh: Annotated[
        bool, typer.Option("--fresh/--keep", help="Empty the graph first (a run is its data).")
    ] = True,
) -> None:
    """Load DATA, analyse the network, run every enabled rule, write the leads and reports."""
    day = (as_of.date() if as_of else dt.date.today()).isoformat()
    options = RunOptions(
        data, day, mask=mask, lang=ui.lang, max_nodes=max_nodes, pages=pages,
        timeout_ms=int(timeout * 1000), max_rows=max_rows, fresh=fresh,
    )  # fmt: skip
    if _run(ui, project, options).failed:
        raise typer.Exit(1)


@command(graph=True, mappings=True, rules=True)
def report(
    ui: Ui,
    project: Project,
    mask: MaskOpt = True,
    max_nodes: MaxNodesOpt = MAX_NODES,
    pages: PagesOpt = PAGES,
) -> None:
    """Re-render lead pages, report.html and leads.xlsx from a finished run."""
    with ui.reading(project, need="run"):
        pass  # a folder without a finished run is refused before anything is built
    with (
        building(project, "report", graph="read") as staged,
        staged.engine(save=False) as engine,
        Progress(console=ui.console, transient=True) as bar,
    ):
        day = json.loads(project.run.run_summary.read_text(encoding="utf-8"))["params"]["as_of"]
        task = bar.add_task(ui.t("cli.lead_pages"), total=None)
        outputs = outputs_stage(
            staged, engine, as_of=day, lang=ui.lang, mask=mask, max_nodes=max_nodes,
            pages=pages, source=project.run,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )  # fmt: skip
    print_outputs(ui, outputs, project)


@command(project=False)
def generate(
    ui: Ui,
    out: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="Folder to write the nine tables into.")
    ],
    persons: Annotated[int, typer.Option(min=500, help="People in the population.")] = 1000,
    seed: Annotated[int, typer.Option(help="The same seed gives the same tables.")] = 1,
    dirty: Annotated[bool, typer.Option(help="Add the mess real exports contain.")] = False,
) -> None:
    """Generate synthetic source tables with planted leads and decoys."""
    from xiansuo.synth import generate as run_generate

    ui.print(run_generate(out, persons=persons, seed=seed, dirty=dirty).describe())


@command(out=DEMO_OUT)
def demo(
    ui: Ui,
    project: Project,
    persons: Annotated[int, typer.Option(min=500, help="People in the population.")] = 2000,
    seed: Annotated[int, typer.Option(help="The same seed gives the same tables.")] = 1,
    dirty: Annotated[bool, typer.Option(help="Generate dirty data.")] = True,
) -> None:
    """Generate data, then load it and run every rule on the embedded graph."""
    from xiansuo.synth import generate as run_generate

    data = project.run.path / "data"
    summary = run_generate(data, persons=persons, seed=seed, dirty=dirty)
    ui.print(summary.describe())
    if _run(ui, project, RunOptions(data, summary.as_of.isoformat(), lang=ui.lang)).failed:
        raise typer.Exit(1)
