"""A whole run: load, analyse, run the rules, score the leads, write the outputs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from xiansuo.analysis.analyze import Analysis
from xiansuo.graph_loader import DEFAULT_BATCH, LoadReport
from xiansuo.graph_loader.loader import check_sources
from xiansuo.model.files import atomic_write
from xiansuo.outputs.pages import PAGES
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.resources import PeakMemory
from xiansuo.pipeline.stages import (
    Outputs,
    analysis_stage,
    load_stage,
    outputs_stage,
    priority_stage,
    rules_stage,
)  # fmt: skip
from xiansuo.pipeline.staging import building
from xiansuo.queries.params import bind_params
from xiansuo.queries.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, RuleRun
from xiansuo.viz.page import MAX_NODES

__all__ = ["RunOptions", "RunProgress", "RunResult", "run_pipeline"]


@dataclass(frozen=True)
class RunOptions:
    """How to run: the data, the reference date, and the limits and looks of the outputs."""

    data: Path
    as_of: str
    mask: bool = True
    lang: str = "zh"
    max_nodes: int = MAX_NODES
    pages: int | None = PAGES  # lead pages: the first by priority (None: every lead)
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    max_rows: int = DEFAULT_MAX_ROWS
    batch_size: int = DEFAULT_BATCH
    fresh: bool = True  # start from an empty graph: a run is its data


class RunProgress:
    """What a run tells whoever watches it; each method does nothing here."""

    def loading(self, table: str, rows: int) -> None:
        """``rows`` more rows of ``table`` were read."""

    def loaded(self, report: LoadReport) -> None:
        """The load is done."""

    def analysing(self, step: str) -> None:
        """A step of the network analysis is done."""

    def analysed(self, found: Analysis) -> None:
        """The network analysis is done."""

    def rule_done(self, run: RuleRun) -> None:
        """One rule has run."""

    def rules_done(self, runs: list[RuleRun]) -> None:
        """Every rule has run and the leads are scored."""

    def page_done(self, done: int, total: int) -> None:
        """``done`` of ``total`` lead pages are written."""


@dataclass
class RunResult:
    """What a run did, and how long each stage took."""

    load: LoadReport
    analysis: Analysis
    runs: list[RuleRun]
    outputs: Outputs
    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[RuleRun]:
        """The rules that did not finish (timeout, error); a rule whose tables the data
        lacks did not fail, it was not asked (and says so)."""
        return [run for run in self.runs if run.error and not run.missing_tables]


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    seconds[stage] = round(time.perf_counter() - started, 3)


def run_pipeline(
    project: Project, options: RunOptions, progress: RunProgress | None = None
) -> RunResult:
    """Run every stage on the project's graph; every file goes to the project's run folder.

    Every enabled rule's parameters are checked before the graph is touched.
    """
    watch = progress or RunProgress()
    rules = [rule for rule in project.rules if rule.enabled]
    params: dict[str, object] = {"as_of": options.as_of}
    for rule in rules:
        bind_params(rule, params)
    check_sources(options.data, project.vocabulary)
    seconds: dict[str, float] = {}
    # Built aside, put in place only when every stage has succeeded (pipeline.staging).
    with building(project, "run", graph="new" if options.fresh else "copy") as staged:
        with staged.engine() as engine, PeakMemory(engine) as memory:
            with _timed(seconds, "load"):
                if options.fresh and staged.neo4j_uri:  # an embedded build starts empty
                    engine.clear()
                # A new embedded graph is built whole; Neo4j and --keep merge into theirs.
                built = options.fresh and not staged.neo4j_uri
                load = load_stage(staged, engine, options.data, batch_size=options.batch_size,
                                  mask=options.mask, progress=watch.loading,
                                  fresh=built)  # fmt: skip
            watch.loaded(load)
            with _timed(seconds, "analysis"):
                found = analysis_stage(staged, engine, progress=watch.analysing)
                # A rule that stops the engine restarts it from here, not from nothing.
                engine.checkpoint()
            watch.analysed(found)
            with _timed(seconds, "rules"):
                runs = rules_stage(staged, engine, rules, params, stages={"analysis"},
                                   timeout_ms=options.timeout_ms, max_rows=options.max_rows,
                                   progress=watch.rule_done,
                                   loaded_tables=set(load.tables))  # fmt: skip
            with _timed(seconds, "priority"):
                priority_stage(staged, engine, runs, options.as_of)
            watch.rules_done(runs)
            with _timed(seconds, "outputs"):
                outputs = outputs_stage(staged, engine, as_of=options.as_of, lang=options.lang,
                                        mask=options.mask, max_nodes=options.max_nodes,
                                        pages=options.pages,
                                        progress=watch.page_done)  # fmt: skip
        result = RunResult(load, found, runs, outputs, seconds, memory.megabytes())
        _record(staged, result)
    return result


def _record(project: Project, result: RunResult) -> None:
    """Add each stage's seconds and the peak memory to the run summary, so that any run can
    be compared with another."""
    path = project.run.run_summary
    summary = json.loads(path.read_text(encoding="utf-8"))
    summary["stages"] = result.seconds
    summary["peak_mb"] = result.peak_mb
    atomic_write(path, json.dumps(summary, ensure_ascii=False, indent=1))
