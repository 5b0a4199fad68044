"""The order of leads in the report and the workbook: priority, else severity then rule."""

from __future__ import annotations

from collections.abc import Iterable

from xiansuo.analysis.priority import Priority
from xiansuo.queries.lead import Lead

__all__ = ["SEVERITY_ORDER", "sort_leads"]

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def sort_leads(leads: Iterable[Lead], priorities: dict[str, Priority]) -> list[Lead]:
    """By priority score (highest first) when there are priorities, else by severity then rule.

    Leads the analysis gave no score come after the scored ones, in severity order.
    """

    def key(lead: Lead) -> tuple:
        found = priorities.get(lead.lead_id)
        score = -found.score if found else float("inf")
        return (score, SEVERITY_ORDER.get(lead.severity, 9), lead.rule, lead.lead_id)

    return sorted(leads, key=key)
