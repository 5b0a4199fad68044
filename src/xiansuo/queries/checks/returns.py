"""The ``returns`` columns are exactly the names the final RETURN gives."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.scanner import returned_columns

__all__ = ["ReturnsValidator"]


class ReturnsValidator(Validator):
    """The ``returns`` columns are exactly the names the final RETURN gives."""

    check = "returns"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        columns = returned_columns(file.code) if file.query is not None else None
        if columns is None:
            return  # no query, no RETURN or RETURN *: nothing to compare
        declared = file.mapping_keys("returns")
        for name, offset in columns.items():
            if name not in declared:
                hint = "" if re.fullmatch(r"\w+", name) else " (name it with AS)"
                yield self.issue(
                    file,
                    file.line_at(offset),
                    f"RETURN column {name!r} is not listed in returns{hint}",
                )
        for name in declared:
            if name not in columns:
                yield self.issue(
                    file,
                    file.line_of("returns", name),
                    f"returns lists {name!r} but the final RETURN has no such column",
                )
