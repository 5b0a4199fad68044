"""No LIMIT or SKIP in a rule: they drop leads silently; the runner caps results and says so."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.model.texts import both
from xiansuo.queries.checks.issue import FactValidator, Finding
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.facts import QueryFacts

__all__ = ["LimitValidator", "limits"]


def limits(facts: QueryFacts) -> Iterator[Finding]:
    """Each LIMIT and SKIP of the query (fine in a query you try, not in a rule)."""
    for use in facts.limits:
        yield Finding(use.at, "limit", both("limits.limit", clause=use.name), "warning")


class LimitValidator(FactValidator):
    """A rule has no LIMIT or SKIP (docs/rules.md)."""

    check = "limit"

    def findings(self, facts: QueryFacts, file: RuleFile) -> Iterator[Finding]:
        return limits(facts)
