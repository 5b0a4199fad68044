"""The order of leads in the report and the workbook: priority, else severity then rule; in
the report, one person's leads together."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xiansuo.analysis.priority import Priority
from xiansuo.model.lead import Lead
from xiansuo.model.severity import severity_rank

__all__ = ["group_by_person", "sort_leads"]


def sort_leads(leads: Iterable[Lead], priorities: dict[str, Priority]) -> list[Lead]:
    """By priority score (highest first) when there are priorities, else by severity then rule.

    Leads the analysis gave no score come after the scored ones, in severity order.
    """

    def key(lead: Lead) -> tuple:
        found = priorities.get(lead.lead_id)
        score = -found.score if found else float("inf")
        return (score, severity_rank(lead.severity), lead.rule, lead.lead_id)

    return sorted(leads, key=key)


def group_by_person(leads: Sequence[Lead]) -> tuple[list[Lead], frozenset[str]]:
    """The leads with each person's later leads moved up behind their first one (a lead on
    one person; a group's lead stays where it is), and the ids of the leads moved behind.

    >>> a, b, c = (Lead("r", i, p, (), "high", "", "", "") for i, p in
    ...            (("1", ("甲",)), ("2", ("乙",)), ("3", ("甲",))))
    >>> ordered, behind = group_by_person([a, b, c])
    >>> [x.lead_id for x in ordered], sorted(behind)
    (['1', '3', '2'], ['3'])
    """
    groups: dict[str, list[Lead]] = {}
    for lead in leads:
        if len(lead.persons) == 1:
            groups.setdefault(lead.persons[0], []).append(lead)
    ordered: list[Lead] = []
    behind: set[str] = set()
    placed: set[str] = set()
    for lead in leads:
        if lead.lead_id in placed:
            continue
        group = groups.get(lead.persons[0], [lead]) if len(lead.persons) == 1 else [lead]
        ordered.extend(group)
        placed.update(x.lead_id for x in group)
        behind.update(x.lead_id for x in group[1:])
    return ordered, frozenset(behind)
