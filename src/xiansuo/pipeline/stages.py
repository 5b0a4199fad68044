"""The stages of a run, each reading and writing its files in the project's run folder."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from xiansuo.analysis import priority
from xiansuo.analysis.analyze import Analysis, analyze
from xiansuo.analysis.summary import graph_summary
from xiansuo.engines import GraphEngine
from xiansuo.graph_loader import DEFAULT_BATCH, LoadReport, load_tables
from xiansuo.graph_loader.loader import Progress
from xiansuo.model.files import atomic_write
from xiansuo.model.lead import read_leads, short_ids, write_leads
from xiansuo.model.processes import worker_pool
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.severity import severity_rank
from xiansuo.model.texts import LANGS, text
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.outputs.excel import RuleSheet, write_workbook
from xiansuo.outputs.order import group_by_person, sort_leads
from xiansuo.outputs.pages import PAGES, write_lead_pages
from xiansuo.outputs.register import Register, RunStatus
from xiansuo.outputs.report import write_report
from xiansuo.outputs.rows import LeadRow, lead_row
from xiansuo.pipeline.project import Project
from xiansuo.queries.lint import read_queries
from xiansuo.queries.rule import Rule
from xiansuo.queries.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, RuleRun, run_rules
from xiansuo.viz.page import MAX_NODES

__all__ = [
    "Outputs", "analysis_stage", "load_stage", "outputs_stage", "priority_stage", "rule_rankings",
    "rules_stage",
]  # fmt: skip


def load_stage(
    project: Project,
    engine: GraphEngine,
    data_dir: Path,
    *,
    batch_size: int = DEFAULT_BATCH,
    mask: bool = True,
    progress: Progress | None = None,
    fresh: bool = False,
) -> LoadReport:
    """Load ``data_dir``; write the load report, rejects and review into the run folder;
    index the names people are looked up by (``Vocabulary.name_indexes``).

    Investigators' judgements in the run folder decide who a record is. ``fresh``: the
    graph is empty and built here whole.
    """
    report = load_tables(data_dir, engine, project.vocabulary, project.run,
                         batch_size=batch_size, mask=mask, progress=progress,
                         fresh=fresh)  # fmt: skip
    # Built once the rows are in (cheaper than kept up to date through the load).
    engine.ensure_indexes(project.vocabulary.name_indexes)
    report.graph = graph_summary(engine)
    report.write(project.run.load_report)
    return report


def analysis_stage(
    project: Project, engine: GraphEngine, *, progress: Callable[[str], None] | None = None
) -> Analysis:
    """Network analysis: properties written back to the graph, ``analysis.json`` beside."""
    project.run.path.mkdir(parents=True, exist_ok=True)
    found = analyze(engine, progress=progress)
    found.write(project.run.analysis)
    return found


def rules_stage(
    project: Project,
    engine: GraphEngine,
    rules: list[Rule],
    params: dict[str, object],
    *,
    stages: Collection[str] = (),
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    max_rows: int = DEFAULT_MAX_ROWS,
    progress: Callable[[RuleRun], None] | None = None,
    loaded_tables: Collection[str] | None = None,
) -> list[RuleRun]:
    """Run the rules; write every lead to ``leads.jsonl`` and the per-rule figures beside it.

    ``stages`` are those that ran on this graph before (a rule may require one),
    ``loaded_tables`` the tables the graph was loaded from (a rule needing another does not
    run). The summary says when Neo4j's parser could not read the rules (the safety check
    then scanned their text, and tables were known only where declared).
    """
    started = time.perf_counter()
    readings = read_queries(rule.query for rule in rules if rule.enabled)
    runs = run_rules(engine, rules, params, project.vocabulary, stages=stages,
                     timeout_ms=timeout_ms, max_rows=max_rows, progress=progress,
                     loaded_tables=loaded_tables, readings=readings)  # fmt: skip
    write_leads(project.run.leads, (lead for run in runs for lead in run.leads))
    summary = {
        "params": params,
        "seconds": round(time.perf_counter() - started, 3),
        "parser_unavailable": readings.unavailable,
        "rules": {
            run.rule.id: {
                "leads": len(run.leads),
                "rows": run.rows,
                "seconds": round(run.seconds, 3),
                "truncated": run.truncated,
                "error": run.error,
                "missing_tables": run.missing_tables,
            }
            for run in runs
        },
    }
    atomic_write(project.run.run_summary, json.dumps(summary, ensure_ascii=False, indent=1))
    return runs


def rule_rankings(rules: Iterable[Rule], vocabulary: Vocabulary) -> dict[str, priority.Ranking]:
    """How each rule's leads rank (its file's ``priority``), with the names its words use."""
    rankings = {}
    for rule in rules:
        weighed = [value for fact in rule.priority.facts for value in fact.values]
        rankings[rule.id] = priority.Ranking(
            rule.priority,
            {lang: {c: rule.column_title(c, lang) for c in rule.returns} for lang in LANGS},
            {lang: {v: vocabulary.value_name(v, lang) for v in weighed} for lang in LANGS},
        )
    return rankings


def priority_stage(
    project: Project, engine: GraphEngine, runs: list[RuleRun], as_of: str | None = None
) -> int:
    """Score every lead of the runs into ``priority.json``, each as its rule declares
    (``priority`` in the rule file), as of ``as_of``; returns how many."""
    rankings = rule_rankings([run.rule for run in runs], project.vocabulary)
    leads = (lead for run in runs for lead in run.leads)
    scores = priority.prioritise(engine, leads, rankings, as_of)
    priority.write(project.run.priority, scores)
    return len(scores)


@dataclass(frozen=True)
class Outputs:
    """What the outputs stage wrote (the files are the run folder's): how many lead pages,
    how the leads compare with the register, and how long it took."""

    pages: int
    status: RunStatus
    seconds: float


def _read_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _rule_sheets(
    rules: list[Rule], rows: list[LeadRow], vocabulary: Vocabulary, lang: str
) -> list[RuleSheet]:
    """A sheet per rule, its stored values named in ``lang``; leads of a rule no longer
    among the rules keep a sheet of their own, with the columns they have."""

    def named(value: Any) -> Any:
        if isinstance(value, list):
            return [named(item) for item in value]
        return vocabulary.value_name(value, lang) if isinstance(value, str) else value

    by_rule: dict[str, list[LeadRow]] = {}
    for row in rows:
        by_rule.setdefault(row.rule, []).append(
            replace(row, details={k: named(v) for k, v in row.details.items()})
        )
    sheets = [
        RuleSheet(rule.title.get(lang), severity_rank(rule.severity),
                  tuple((c, rule.column_title(c, lang)) for c in rule.returns),
                  by_rule.pop(rule.id, []))
        for rule in rules
    ]  # fmt: skip
    for gone in by_rule.values():
        first = gone[0]
        columns = tuple((c, c) for c in first.details)
        sheets.append(RuleSheet(first.rule_title, first.severity_rank, columns, gone))
    return sheets


def outputs_stage(
    project: Project,
    engine: GraphEngine,
    *,
    as_of: str,
    lang: str = "zh",
    mask: bool = True,
    max_nodes: int = MAX_NODES,
    pages: int | None = PAGES,
    source: RunFolder | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outputs:
    """Write the reports of ``leads.jsonl`` and the pages of its first ``pages`` leads by
    priority (None: every lead), with each lead's status as the register will have it once
    the run is put in place (``staging.record_in_register`` records it then: a register
    changed while the run went on keeps every change).

    The run's results are read from ``source`` (a finished run re-rendered), else from the
    project's run folder; the outputs go to the project's run folder.
    """
    started = time.perf_counter()
    run, rules, vocabulary = project.run, project.rules, project.vocabulary
    results = source or run
    leads = read_leads(results.leads)
    register = Register(run.register)
    status = register.record_run(leads, as_of)
    priorities = priority.read(results.priority)
    by_rule = {rule.id: rule for rule in rules}
    ordered = sort_leads(leads, priorities)
    paged = ordered if pages is None else ordered[:pages]
    shorts = short_ids(register.entries)  # unique among every lead the register holds
    rows = [
        lead_row(
            lead,
            by_rule.get(lead.rule),
            register.entries.get(lead.lead_id),
            status,
            priorities.get(lead.lead_id),
            lang=lang,
            mask=mask,
            short_id=shorts.get(lead.lead_id),
            has_page=rank < len(paged),
        )
        for rank, lead in enumerate(ordered)
    ]
    notes = {
        lead.lead_id: [text("priority.note", lang, score=f"{p.score:.2f}", why=p.why(lang))]
        for lead in paged
        if (p := priorities.get(lead.lead_id))
    }
    titles = {rule.id: rule.title.get(lang) for rule in rules}
    sheets = _rule_sheets(rules, rows, vocabulary, lang)
    # The report shows one person's leads together, at the place of the first.
    grouped, continues = group_by_person(ordered)
    by_id = {row.lead_id: row for row in rows}
    # The workbook (every lead, 15 s for 60,000) is written by a process of its own on the
    # other core while the pages and the report are made here.
    with worker_pool(1) as aside:
        workbook = aside.submit(write_workbook, run.workbook, rows, sheets, lang)
        written = write_lead_pages(engine, vocabulary, paged, run, lang=lang, mask=mask,
                                   max_nodes=max_nodes, notes=notes, rule_titles=titles,
                                   progress=progress)  # fmt: skip
        write_report(
            run.report,
            vocabulary,
            as_of=as_of,
            load=_read_json(results.load_report),
            rules=rules,
            rule_runs=(_read_json(results.run_summary) or {}).get("rules", {}),
            rows=[by_id[lead.lead_id] for lead in grouped],
            gone=[register.entries[lead_id] for lead_id in sorted(status.gone)],
            rejects=results.rejects,
            has_priority=bool(priorities),
            out=run.home or run.path,
            lang=lang,
            mask=mask,
            continues=continues,
        )
        workbook.result()
    return Outputs(written, status, time.perf_counter() - started)
