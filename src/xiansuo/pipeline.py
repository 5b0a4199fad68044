"""The stages a run goes through, shared by the CLI commands (load, run, report, demo)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xiansuo.analysis import priority
from xiansuo.analysis.analyze import Analysis, analyze
from xiansuo.analysis.priority import PRIORITY_NAME
from xiansuo.analysis.summary import graph_summary
from xiansuo.engines import GraphEngine, open_engine
from xiansuo.graph_loader import DEFAULT_BATCH, LoadReport, load_mappings, load_tables
from xiansuo.graph_loader.loader import Progress
from xiansuo.outputs.excel import EXCEL_NAME, write_workbook
from xiansuo.outputs.order import sort_leads
from xiansuo.outputs.pages import write_lead_pages
from xiansuo.outputs.register import REGISTER_NAME, Register, RunStatus
from xiansuo.outputs.report import HTML_REPORT_NAME, write_report
from xiansuo.outputs.rows import lead_row
from xiansuo.queries.lead import read_leads, write_leads
from xiansuo.queries.rule import Rule
from xiansuo.queries.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, RuleRun, run_rules
from xiansuo.viz.page import MAX_NODES

__all__ = [
    "ANALYSIS_NAME", "JUDGEMENTS_NAME", "LEADS_NAME", "PRIORITY_NAME", "REJECTS_NAME",
    "REPORT_NAME", "RUN_NAME", "Outputs", "analysis_stage", "default_graph", "load_stage",
    "open_graph", "outputs_stage", "priority_stage", "rules_stage",
]  # fmt: skip

REPORT_NAME = "load_report.json"
REJECTS_NAME = "rejects.csv"
LEADS_NAME = "leads.jsonl"
RUN_NAME = "run_summary.json"
JUDGEMENTS_NAME = "judgements.csv"
ANALYSIS_NAME = "analysis.json"


def default_graph(out_dir: Path) -> Path:
    """The embedded graph's file when no ``--graph`` is given."""
    return out_dir / "graph" / "xiansuo.db"


def open_graph(
    out_dir: Path, graph: Path | None = None, neo4j_uri: str | None = None
) -> tuple[GraphEngine, str]:
    """The engine for a run and where its graph lives (a file or a URI)."""
    if neo4j_uri:
        return open_engine(neo4j_uri=neo4j_uri), neo4j_uri
    path = graph or default_graph(out_dir)
    return open_engine(path), str(path)


def load_stage(
    engine: GraphEngine,
    data_dir: Path,
    out_dir: Path,
    *,
    mapping_dirs: tuple[Path, ...] = (),
    batch_size: int = DEFAULT_BATCH,
    mask: bool = True,
    progress: Progress | None = None,
) -> LoadReport:
    """Load ``data_dir``; write the load report, rejects and review into ``out_dir``.

    Investigators' judgements in ``out_dir/judgements.csv`` decide who a record is.
    """
    report = load_tables(
        data_dir, engine, load_mappings(mapping_dirs), out_dir,
        batch_size=batch_size, mask=mask, progress=progress,
        judgements=out_dir / JUDGEMENTS_NAME,
    )  # fmt: skip
    report.graph = graph_summary(engine)
    report.write(out_dir / REPORT_NAME)
    return report


def analysis_stage(
    engine: GraphEngine, out_dir: Path, *, progress: Callable[[str], None] | None = None
) -> Analysis:
    """Network analysis: properties written back to the graph, ``analysis.json`` beside."""
    out_dir.mkdir(parents=True, exist_ok=True)
    found = analyze(engine, progress=progress)
    found.write(out_dir / ANALYSIS_NAME)
    return found


def rules_stage(
    engine: GraphEngine,
    out_dir: Path,
    rules: list[Rule],
    params: dict[str, object],
    *,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    max_rows: int = DEFAULT_MAX_ROWS,
    progress: Callable[[RuleRun], None] | None = None,
) -> list[RuleRun]:
    """Run the rules; write every lead to ``leads.jsonl`` and the per-rule figures beside it."""
    started = time.perf_counter()
    runs = run_rules(engine, rules, params, timeout_ms=timeout_ms, max_rows=max_rows,
                     progress=progress)  # fmt: skip
    write_leads(out_dir / LEADS_NAME, (lead for run in runs for lead in run.leads))
    summary = {
        "params": params,
        "seconds": round(time.perf_counter() - started, 3),
        "rules": {
            run.rule.id: {
                "leads": len(run.leads),
                "rows": run.rows,
                "seconds": round(run.seconds, 3),
                "truncated": run.truncated,
                "error": run.error,
            }
            for run in runs
        },
    }
    (out_dir / RUN_NAME).write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
    return runs


def priority_stage(engine: GraphEngine, out_dir: Path, runs: list[RuleRun]) -> int:
    """Score every lead of the runs into ``priority.json``; returns how many."""
    scores = priority.prioritise(engine, (lead for run in runs for lead in run.leads))
    priority.write(out_dir / PRIORITY_NAME, scores)
    return len(scores)


@dataclass(frozen=True)
class Outputs:
    """What the stage wrote."""

    report: Path
    workbook: Path
    register: Path
    pages: int
    status: RunStatus
    seconds: float


def _read_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def outputs_stage(
    engine: GraphEngine,
    out_dir: Path,
    rules: list[Rule],
    *,
    as_of: str,
    lang: str = "zh",
    mask: bool = True,
    max_nodes: int = MAX_NODES,
    progress: Callable[[int, int], None] | None = None,
) -> Outputs:
    """Record ``leads.jsonl`` in the register, then write every lead page and the reports."""
    started = time.perf_counter()
    leads = read_leads(out_dir / LEADS_NAME)
    register = Register(out_dir / REGISTER_NAME)
    status = register.record_run(leads, as_of)
    priorities = priority.read(out_dir / PRIORITY_NAME)
    by_rule = {rule.id: rule for rule in rules}
    rows = [
        lead_row(
            lead,
            by_rule.get(lead.rule),
            register.entries.get(lead.lead_id),
            status,
            priorities.get(lead.lead_id),
            lang=lang,
            mask=mask,
        )
        for lead in sort_leads(leads, priorities)
    ]
    word = "优先级" if lang == "zh" else "priority"
    notes = {lead_id: [f"{word} {p.score:.2f}: {p.why(lang)}"] for lead_id, p in priorities.items()}
    titles = {rule.id: rule.title.zh if lang == "zh" else rule.title.en for rule in rules}
    pages = write_lead_pages(engine, leads, out_dir, lang=lang, mask=mask, max_nodes=max_nodes,
                             notes=notes, rule_titles=titles, progress=progress)  # fmt: skip
    report = write_report(
        out_dir / HTML_REPORT_NAME,
        as_of=as_of,
        load=_read_json(out_dir / REPORT_NAME),
        rules=rules,
        rule_runs=(_read_json(out_dir / RUN_NAME) or {}).get("rules", {}),
        rows=rows,
        gone=[register.entries[lead_id] for lead_id in sorted(status.gone)],
        has_priority=bool(priorities),
        lang=lang,
        mask=mask,
    )
    # Sheets in rule order; leads of a rule no longer among the rules keep their own sheet.
    sheet_titles = {rule.id: rule.title.zh for rule in rules}
    sheet_titles |= {row.rule: row.rule_title for row in rows if row.rule not in sheet_titles}
    sheets = {t: [r for r in rows if r.rule == rule_id] for rule_id, t in sheet_titles.items()}
    workbook = write_workbook(out_dir / EXCEL_NAME, sheets)
    seconds = time.perf_counter() - started
    return Outputs(report, workbook, register.path, pages, status, seconds)
