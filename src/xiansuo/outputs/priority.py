"""Lead priorities written by ``xiansuo analyze`` (``priority.json``), and the order of leads."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from xiansuo.queries.lead import Lead

__all__ = ["PRIORITY_NAME", "SEVERITY_ORDER", "Priority", "read_priorities", "sort_leads"]

PRIORITY_NAME = "priority.json"
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


@dataclass(frozen=True)
class Priority:
    """A lead's score and why, in both languages."""

    score: float
    why_zh: str
    why_en: str

    def why(self, lang: str) -> str:
        return self.why_zh if lang == "zh" else self.why_en


def read_priorities(out_dir: Path) -> dict[str, Priority]:
    """``OUT/priority.json`` by lead id; empty when the analysis has not run."""
    path = out_dir / PRIORITY_NAME
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    found = {}
    for lead_id, entry in data.items():
        why = entry.get("why") or {}
        found[lead_id] = Priority(float(entry["score"]), why.get("zh", ""), why.get("en", ""))
    return found


def sort_leads(leads: Iterable[Lead], priorities: dict[str, Priority]) -> list[Lead]:
    """By priority score (highest first) when there are priorities, else by severity then rule.

    Leads the analysis gave no score come after the scored ones, in severity order.
    """

    def key(lead: Lead) -> tuple:
        found = priorities.get(lead.lead_id)
        score = -found.score if found else float("inf")
        return (score, SEVERITY_ORDER.get(lead.severity, 9), lead.rule, lead.lead_id)

    return sorted(leads, key=key)
