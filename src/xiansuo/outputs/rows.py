"""A lead as one row of the report and the workbook: masked, in one language, with its status."""

from __future__ import annotations

from dataclasses import dataclass

from xiansuo.analysis.priority import Priority
from xiansuo.outputs.register import RegisterEntry, RunStatus
from xiansuo.queries.lead import Lead
from xiansuo.queries.rule import Rule, severity_name, severity_rank
from xiansuo.viz.masking import mask_ids

__all__ = ["LEADS_DIR", "LeadRow", "lead_row", "page_path"]

LEADS_DIR = "leads"
RUN_STATUS = {"new": ("新出现", "new"), "seen": ("此前已出现", "seen before"),
              "gone": ("本次未再出现", "gone")}  # fmt: skip


def page_path(lead_id: str) -> str:
    """A lead page's path relative to the output folder."""
    return f"{LEADS_DIR}/{lead_id}.html"


@dataclass(frozen=True)
class LeadRow:
    """What a person reading the report or the workbook sees of one lead."""

    lead_id: str
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
    status: str
    assignee: str
    note: str
    first_seen: str
    last_seen: str
    score: float | None
    why: str
    page: str


def lead_row(
    lead: Lead,
    rule: Rule | None,
    entry: RegisterEntry | None,
    run: RunStatus,
    priority: Priority | None,
    *,
    lang: str,
    mask: bool,
) -> LeadRow:
    """The row of ``lead``; ``rule`` is None when its file is no longer among the rules."""
    shown = mask_ids if mask else str
    zh = lang == "zh"
    name = lead.details.get("name")
    title = (rule.title.zh if zh else rule.title.en) if rule else lead.title
    run_key = run.of(lead.lead_id)
    return LeadRow(
        lead_id=lead.lead_id,
        rule=lead.rule,
        rule_title=title,
        severity=severity_name(lead.severity, lang),
        severity_rank=severity_rank(lead.severity),
        persons="、".join(shown(p) for p in lead.persons),
        names="、".join(map(str, name)) if isinstance(name, list) else str(name or ""),
        cases="、".join(lead.cases),
        summary=shown(lead.summary if zh else lead.summary_en),
        run_status=RUN_STATUS[run_key][0 if zh else 1],
        run_status_key=run_key,
        status=entry.status if entry else "",
        assignee=entry.assignee if entry else "",
        note=shown(entry.note) if entry else "",
        first_seen=entry.first_seen if entry else "",
        last_seen=entry.last_seen if entry else "",
        score=priority.score if priority else None,
        why=priority.why(lang) if priority else "",
        page=page_path(lead.lead_id),
    )
