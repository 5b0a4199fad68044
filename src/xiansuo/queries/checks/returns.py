"""The ``returns`` columns are exactly the names the final RETURN gives."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xiansuo.model.texts import both
from xiansuo.queries.checks.issue import FactValidator, Issue
from xiansuo.queries.checks.rule_file import RuleFile

__all__ = ["ReturnsValidator"]


class ReturnsValidator(FactValidator):
    """The ``returns`` columns are exactly the names of the final RETURN (as Neo4j's parser
    reads it: an unaliased column is named by its text)."""

    check = "returns"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        facts = file.facts
        if facts is None or not facts.parsed_cleanly or facts.returns is None:
            return  # not parsed, no RETURN, or RETURN *: nothing to compare
        if facts.returns.star:
            return
        declared = file.mapping_keys("returns")
        columns = {column.name: column for column in reversed(facts.returns.columns)}
        for column in facts.returns.columns:
            if column.name not in declared:
                plain = column.aliased or re.fullmatch(r"\w+", column.name)
                key = "check.return_unlisted" if plain else "check.return_unnamed"
                yield self.issue(file, file.line_at(column.at), both(key, name=repr(column.name)))
        for name in declared:
            if name not in columns:
                message = both("check.returns_missing", name=repr(name))
                yield self.issue(file, file.line_of("returns", name), message)
