"""Rules only read: no write clause, no LOAD CSV, no procedure call, one statement."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.safety import unsafe

__all__ = ["ReadOnlyValidator"]


class ReadOnlyValidator(Validator):
    """The query is safe to run (``queries.safety``): it reads the graph, nothing else, once;
    a ``CALL { … }`` subquery is fine. Read by Neo4j's parser when it ran, else scanned."""

    check = "read_only"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        seen: set[tuple[int, str]] = set()
        for offset, why in unsafe(file.query or "", file.facts):
            line = file.line_at(offset)
            if (line, why["en"]) not in seen:  # once per line and construct
                seen.add((line, why["en"]))
                yield self.issue(file, line, why)
