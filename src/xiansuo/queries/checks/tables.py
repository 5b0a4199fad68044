"""The tables a rule declares exist, and cover what its query uses (queries.tables)."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.model.texts import LANGS, both, join
from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.names import hint
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.tables import needs_of

__all__ = ["TablesValidator"]


class TablesValidator(Validator):
    """Each table of ``tables:`` has a mapping; each table the query needs is among them."""

    check = "tables"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        declared = file.data.get("tables")
        if not isinstance(declared, list) or not declared:
            return
        mappings = self.vocabulary.mappings
        for index, table in enumerate(declared):
            if isinstance(table, str) and table not in mappings:
                message = both("tables.unknown", table=table, hint=hint(table, mappings, {}))
                yield self.issue(file, file.line_of("tables", index), message)
        facts = file.facts
        if facts is None or not facts.parsed_cleanly:
            return
        seen: set[tuple[int, str]] = set()
        for need in needs_of(facts, self.vocabulary):
            line = file.line_at(need.at)
            if need.tables & set(declared) or (line, need.what) in seen:
                continue
            seen.add((line, need.what))
            tables = {lang: join(sorted(need.tables), lang) for lang in LANGS}
            message = both("tables.undeclared", what=need.what, tables=tables)
            yield self.issue(file, line, message, "warning")
