"""The order of leads in the report and the workbook: priority, else severity then rule."""

from __future__ import annotations

from collections.abc import Iterable

from xiansuo.analysis.priority import Priority
from xiansuo.model.lead import Lead
from xiansuo.model.severity import severity_rank

__all__ = ["sort_leads"]


def sort_leads(leads: Iterable[Lead], priorities: dict[str, Priority]) -> list[Lead]:
    """By priority score (highest first) when there are priorities, else by severity then rule.

    Leads the analysis gave no score come after the scored ones, in severity order.
    """

    def key(lead: Lead) -> tuple:
        found = priorities.get(lead.lead_id)
        score = -found.score if found else float("inf")
        return (score, severity_rank(lead.severity), lead.rule, lead.lead_id)

    return sorted(leads, key=key)
