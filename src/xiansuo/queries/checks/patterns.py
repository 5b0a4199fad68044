"""Validators that flag constructs of the query text, each at its line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from xiansuo.model.texts import both
from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.scanner import Pattern

__all__ = ["PatternValidator"]


class PatternValidator(Validator):
    """Flags each construct of ``patterns`` at its line (once per line and construct)."""

    patterns: ClassVar[tuple[Pattern, ...]]

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        for pattern in self.patterns:
            lines: set[int] = set()
            for start in self.offsets(file, pattern):
                line = file.line_at(start)
                if line not in lines:
                    lines.add(line)
                    yield self.issue(file, line, both(pattern.key))

    def offsets(self, file: RuleFile, pattern: Pattern) -> Iterator[int]:
        return (m.start() for m in pattern.regex.finditer(file.code))
