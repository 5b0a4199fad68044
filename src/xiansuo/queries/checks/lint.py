"""Neo4j's own linter over every query at once: its errors and warnings are issues."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.lint import CypherText, GraphSchema, lint_cypher

__all__ = ["LintValidator"]


class LintValidator(Validator):
    """Neo4j's own linter over all queries in one run: errors and warnings (typos) alike."""

    check = "lint"

    def __init__(self, schema: GraphSchema) -> None:
        self.schema = schema
        self.files: list[RuleFile] = []

    def validate(self, file: RuleFile) -> Iterable[Issue]:
        if file.query is not None:
            self.files.append(file)
        return ()

    def finalize(self) -> Iterator[Issue]:
        if not self.files:
            return
        texts = [
            CypherText(str(i), f.query or "", f.declared_params) for i, f in enumerate(self.files)
        ]
        for found in lint_cypher(texts, self.schema):
            file = self.files[int(found.query_id)]
            yield self.issue(
                file, file.query_line + found.line - 1, f"{found.severity}: {found.message}"
            )
