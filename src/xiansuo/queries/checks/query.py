"""The checks of one query that is not (yet) in a rule file: what the shell, the notebook API
and the workbench page show while someone tries a query.

One linter run gives Neo4j's diagnostics and the parser's facts; the same validations as
``rules check`` then read them. What makes a query unsafe is an error that stops it from
running; everything else is shown and the query still runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks.issue import Finding
from xiansuo.queries.checks.limits import limits
from xiansuo.queries.checks.names import unknown_names
from xiansuo.queries.checks.portable import unportable
from xiansuo.queries.checks.values import date_comparisons, impossible_values
from xiansuo.queries.facts import QueryFacts
from xiansuo.queries.lint import CypherLintError, CypherText, LinterUnavailable, read_cypher
from xiansuo.queries.safety import unsafe

__all__ = ["QueryCheck", "check_query", "position"]


@dataclass(frozen=True)
class QueryCheck:
    """The findings of a query by offset, the parser's facts (None when it could not run)
    and why it could not."""

    text: str
    findings: tuple[Finding, ...]
    facts: QueryFacts | None
    unavailable: str | None = None

    @property
    def refused(self) -> tuple[Finding, ...]:
        """What stops the query from running: it would write or read outside the graph."""
        return tuple(f for f in self.findings if f.check == "read_only")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Everything else: shown, and the query runs."""
        return tuple(f for f in self.findings if f.check != "read_only")


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset in ``text``.

    >>> position("MATCH (n)\\nRETURN m", 17)
    (2, 8)
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_query(
    text: str,
    vocabulary: Vocabulary,
    *,
    params: Mapping[str, str] | None = None,
    rule: bool = False,
    lint: bool = True,
) -> QueryCheck:
    """Check ``text`` in one linter run (``lint=False``: the parser only, no semantic
    analysis; faster, for a check just before running).

    ``params`` are the ``$names`` given, with their Cypher types or examples; ``rule``
    adds what only a rule may not do (LIMIT). When the linter cannot run, the safety check
    scans the text instead and the result says why (``unavailable``).
    """
    facts, unavailable = None, None
    findings: list[Finding] = []
    try:
        (reading,) = read_cypher([CypherText("query", text, dict(params or {}))], lint=lint)
    except (LinterUnavailable, CypherLintError) as exc:
        unavailable = str(exc)
    else:
        facts = reading.facts
        for issue in reading.issues:
            message = {"zh": issue.message, "en": issue.message}  # Neo4j speaks English
            findings.append(Finding(issue.offset, "lint", message, issue.severity))
    findings += [Finding(at, "read_only", why) for at, why in unsafe(text, facts)]
    if facts is not None and facts.parsed_cleanly:
        findings += unknown_names(facts, vocabulary)
        findings += impossible_values(facts, vocabulary)
        findings += date_comparisons(facts, vocabulary)
        findings += limits(facts) if rule else ()
    findings += unportable(text)
    return QueryCheck(text, tuple(sorted(findings, key=lambda f: f.at)), facts, unavailable)
