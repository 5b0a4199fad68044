"""The lead list: the register's leads by priority, filtered, or grouped by person."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xiansuo.explore.workspace import Loaded
from xiansuo.model.lead import Lead
from xiansuo.model.severity import severity_name
from xiansuo.model.texts import join
from xiansuo.outputs.register import Register, status_name
from xiansuo.outputs.rows import lead_names

__all__ = ["Filters", "LeadTable", "grouped"]


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to; empty means all."""

    rule: str = ""
    status: str = ""
    seen: str = ""  # "new": first seen in this run; "seen": seen before
    text: str = ""


def _row(loaded: Loaded, lead: Lead, register: Register, lang: str) -> dict[str, Any]:
    entry = register.entries.get(lead.lead_id)
    found = loaded.priorities.get(lead.lead_id)
    rule = loaded.rules.get(lead.rule)
    new = entry is not None and entry.first_seen == loaded.as_of
    return {
        "id": lead.lead_id,
        "short": loaded.short.get(lead.lead_id, lead.lead_id),
        "rule": lead.rule,
        "rule_title": loaded.rule_title(lead, lang),
        "severity": lead.severity,
        "severity_name": severity_name(lead.severity, lang),
        "score": found.score if found else None,
        "why": found.why(lang) if found else "",
        "names": join(lead_names(lead, rule), lang),
        "persons": list(lead.persons),
        "cases": list(lead.cases),
        "summary": lead.summary_in(lang),
        "status": entry.status if entry else "",
        "status_name": status_name(entry.status, lang) if entry else "",
        "assignee": entry.assignee if entry else "",
        "run": "new" if new else "seen",
    }


def _keep(row: dict[str, Any], filters: Filters) -> bool:
    if filters.rule and row["rule"] != filters.rule:
        return False
    if filters.status and row["status"] != filters.status:
        return False
    if filters.seen and row["run"] != filters.seen:
        return False
    if filters.text:
        haystack = " ".join(
            str(row[k]) for k in ("id", "rule_title", "names", "summary", "assignee")
        ) + " ".join(row["cases"])
        return all(word in haystack for word in filters.text.split())
    return True


class LeadTable:
    """Every lead's row, made again only when the run or the register changed (60,000 leads
    take a second to make, a few milliseconds to filter)."""

    def __init__(self) -> None:
        self._made: tuple[Loaded, Register, list[dict[str, Any]]] | None = None
        self._lock = threading.Lock()

    def rows(self, loaded: Loaded, register: Register, filters: Filters, lang: str) -> list[dict]:
        """The run's leads, highest priority first, that pass ``filters``."""
        with self._lock:
            made = self._made
            if made is None or made[0] is not loaded or made[1] is not register:
                rows = [_row(loaded, lead, register, lang) for lead in loaded.leads.values()]
                made = self._made = (loaded, register, rows)
        return [row for row in made[2] if _keep(row, filters)]


def grouped(rows: Iterable[dict[str, Any]], loaded: Loaded) -> list[dict[str, Any]]:
    """The rows by person: each person with their leads, the person whose best lead ranks
    highest first; a lead of several people is under each of them."""
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        for person in loaded.leads[row["id"]].persons:
            groups.setdefault(person, {"person": person, "leads": []})["leads"].append(row)
    return list(groups.values())
