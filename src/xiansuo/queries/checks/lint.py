"""Neo4j's own linter over every query at once: its errors and warnings are issues."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile

__all__ = ["LintValidator"]


class LintValidator(Validator):
    """Neo4j's linter's errors and warnings (``check_rules`` runs it once for all files)."""

    check = "lint"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        for found in file.lint_issues:
            message = {"zh": found.message, "en": found.message}  # Neo4j speaks English
            line = file.query_line + found.line - 1
            yield self.issue(file, line, message, found.severity)
