"""A lead as one row of the report and the workbook: masked, in one language, with its status."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from xiansuo.analysis.priority import Priority
from xiansuo.graph_loader.divisions import county_name
from xiansuo.model.lead import SHORT_ID, Lead
from xiansuo.model.masking import mask_ids, mask_values
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.severity import severity_name, severity_rank
from xiansuo.model.texts import join, text
from xiansuo.outputs.register import RegisterEntry, RunStatus, status_name
from xiansuo.queries.rule import Rule

__all__ = ["LeadRow", "lead_names", "lead_row", "masked", "named_counties"]


@dataclass(frozen=True)
class LeadRow:
    """What a person reading the report or the workbook sees of one lead."""

    lead_id: str
    short_id: str
    rule: str
    rule_title: str
    severity: str
    severity_rank: int
    persons: str
    names: str
    cases: str
    summary: str
    run_status: str
    run_status_key: str
    status_key: str
    status: str
    assignee: str
    note: str
    first_seen: str
    last_seen: str
    score: float | None
    why: str
    page: str
    # The rule's returned columns (lists as they came; stored values named in the row's
    # language), for the rule's sheet of the workbook.
    details: dict[str, Any]
    masked: bool = False


def lead_row(
    lead: Lead,
    rule: Rule | None,
    entry: RegisterEntry | None,
    run: RunStatus,
    priority: Priority | None,
    *,
    lang: str,
    mask: bool,
    short_id: str | None = None,
    has_page: bool = True,
) -> LeadRow:
    """The row of ``lead``; ``rule`` is None when its file is no longer among the rules;
    ``short_id`` is the lead id as people read it (``short_ids``), by default its first
    ``SHORT_ID`` characters; ``page`` is empty when the run wrote no page for the lead.

    Every text a person reads is masked here, whichever column it came from (an ID typed
    into a name, a summary naming a person by ID): the report and the workbook show rows.
    """
    title = rule.title.get(lang) if rule else lead.title
    run_key = run.of(lead.lead_id)
    row = LeadRow(
        lead_id=lead.lead_id,
        short_id=short_id or lead.lead_id[:SHORT_ID],
        rule=lead.rule,
        rule_title=title,
        severity=severity_name(lead.severity, lang),
        severity_rank=severity_rank(lead.severity),
        persons=join(lead.persons, lang),
        names=join(lead_names(lead, rule), lang),
        cases=join(lead.cases, lang),
        summary=named_counties(lead.summary_in(lang), lead.details)
        if lang == "zh"
        else lead.summary_en,
        run_status=text(f"run_status.{run_key}", lang),
        run_status_key=run_key,
        status_key=entry.status if entry else "",
        status=status_name(entry.status, lang) if entry else "",
        assignee=entry.assignee if entry else "",
        note=entry.note if entry else "",
        first_seen=entry.first_seen if entry else "",
        last_seen=entry.last_seen if entry else "",
        score=priority.score if priority else None,
        why=priority.why(lang) if priority else "",
        page=RunFolder.lead_page_link(lead.lead_id) if has_page else "",
        details=dict(lead.details),
    )
    return masked(row) if mask else row


_CODE = re.compile(r"(?<![0-9A-Za-z*])\d{6}(?![0-9A-Za-z*])")


def named_counties(summary: str, details: dict[str, Any]) -> str:
    """The summary with each county code it quotes from the lead's columns named (the
    database's Chinese names: English summaries keep the codes).

    >>> named_counties("分布在511822、510726", {"regions": ["511822", "510726"]})
    '分布在荥经县（511822）、北川羌族自治县（510726）'
    """
    quoted = {
        str(item)
        for value in details.values()
        for item in (value if isinstance(value, list) else [value])
        if isinstance(item, str)
    }

    def named(match: re.Match[str]) -> str:
        name = county_name(match[0]) if match[0] in quoted else None
        return f"{name}（{match[0]}）" if name else match[0]

    return _CODE.sub(named, summary)


# xiansuo's own identifiers and keys, never ID numbers.
_KEYS = frozenset({"lead_id", "rule", "run_status_key", "status_key", "page"})


def masked(row: LeadRow) -> LeadRow:
    """The row with every ID number in its texts masked (the returned columns' too)."""
    texts: dict[str, Any] = {
        f.name: mask_ids(value)
        for f in fields(row)
        if f.name not in _KEYS and isinstance(value := getattr(row, f.name), str)
    }
    return replace(row, **texts, details=mask_values(row.details), masked=True)


def lead_names(lead: Lead, rule: Rule | None) -> list[str]:
    """The names of a lead's people, from the columns its rule declares (none if the rule is
    no longer among the rules)."""
    names: list[str] = []
    for column in rule.lead.names if rule else ():
        value = lead.details.get(column)
        for name in value if isinstance(value, list) else [value]:
            if name and str(name) not in names:
                names.append(str(name))
    return names
