"""``report.html``: what was loaded, the leads per rule, and a sortable, filterable lead table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from markupsafe import Markup

from xiansuo.model.files import atomic_write
from xiansuo.model.masking import mask_ids
from xiansuo.model.severity import severity_name
from xiansuo.model.texts import texts
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.outputs.register import STATUSES, RegisterEntry, status_name
from xiansuo.outputs.rows import LeadRow
from xiansuo.queries.rule import Rule
from xiansuo.viz.page import FONTS, environment

__all__ = ["REPORT_ROWS", "write_report"]

# Leads the report lists in full, the first by priority: the report stays one file a browser
# opens at once (every lead of a million-person run made it 42 MB). The rules' table counts
# every lead; the workbook and leads.jsonl hold them all.
REPORT_ROWS = 2000


def _rules(rules: list[Rule], counts: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": rule.id,
            "title": rule.title.get(lang),
            "description": rule.description.get(lang),
            "severity": severity_name(rule.severity, lang),
            "leads": counts.get(rule.id, {}).get("leads", 0),
            "error": (counts.get(rule.id, {}).get("error") or {}).get(lang),
        }
        for rule in rules
    ]


def _load_tables(load: dict[str, Any], vocabulary: Vocabulary, lang: str) -> list[dict]:
    return [
        {**table, "title": vocabulary.table_title(name, lang)}
        for name, table in load["tables"].items()
    ]


def write_report(
    path: Path,
    vocabulary: Vocabulary,
    *,
    as_of: str,
    load: dict[str, Any] | None,
    rules: list[Rule],
    rule_runs: dict[str, Any],
    rows: list[LeadRow],
    gone: list[RegisterEntry],
    rejects: Path,
    has_priority: bool,
    out: Path,
    lang: str,
    mask: bool,
    limit: int | None = None,
    continues: frozenset[str] = frozenset(),
) -> Path:
    """Render the report; ``load`` is ``load_report.json``, ``rule_runs`` the run summary's
    rules, ``rejects`` the rejected rows' file it links to if there is one. ``rows`` are in
    the report's order; the first ``limit`` (``REPORT_ROWS``) are listed, and the report says
    where the others are (``out``: the run folder, as the user named it); ``continues`` are
    the leads that follow another lead of the same person (``group_by_person``)."""
    shown = mask_ids if mask else str
    limit = REPORT_ROWS if limit is None else limit
    titles = {r.id: r.title.get(lang) for r in rules}
    html = (
        environment()
        .get_template("report.html.j2")
        .render(
            lang=lang,
            fonts=Markup(FONTS),
            t=texts(lang),
            as_of=as_of,
            generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            mask=mask,
            load=_load_tables(load, vocabulary, lang) if load else None,
            rejects=rejects.name if rejects.is_file() else None,
            rules=_rules(rules, rule_runs, lang),
            rows=rows[:limit],
            total=len(rows),
            pages=sum(bool(row.page) for row in rows),
            out=str(out),
            counts={"new": sum(r.run_status_key == "new" for r in rows), "gone": len(gone)},
            gone=[
                {
                    **vars(entry),
                    "rule": titles.get(entry.rule, entry.rule),
                    "summary": shown(entry.summary),
                    "status": status_name(entry.status, lang),
                }
                for entry in gone
            ],
            has_priority=has_priority,
            statuses=[{"key": s, "name": status_name(s, lang)} for s in STATUSES],
            continues=continues,
        )
    )
    return atomic_write(path, html)
