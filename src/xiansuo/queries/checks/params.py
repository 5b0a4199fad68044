"""Every ``$name`` the query uses is a declared parameter, and every parameter is used."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.model.labels import DAY_SUFFIX
from xiansuo.model.texts import both
from xiansuo.queries.checks.issue import FactValidator, Finding, Issue
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.facts import QueryFacts

__all__ = ["ParamsValidator"]


class ParamsValidator(FactValidator):
    """Every ``$name`` (as Neo4j's parser reads them) is declared, and every declared
    parameter is used."""

    check = "params"

    def findings(self, facts: QueryFacts, file: RuleFile) -> Iterator[Finding]:
        declared = file.declared_params
        uses: dict[str, int] = {}
        for use in facts.parameters:
            uses.setdefault(use.name, use.at)
        for name, offset in uses.items():
            if name not in declared:
                yield Finding(offset, self.check, both("check.param_undeclared", name=name))

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        yield from super().validate(file)
        if file.facts is None or not file.facts.parsed_cleanly:
            return
        uses = {use.name for use in file.facts.parameters}
        declared = file.declared_params
        for name in file.mapping_keys("parameters"):
            # A date reaches the query as `$name` and `$name_day` (declared); either counts.
            day = name + DAY_SUFFIX
            if name not in uses and not (day in uses and day in declared):
                yield self.issue(
                    file,
                    file.line_of("parameters", name),
                    both("check.param_unused", name=repr(name)),
                )
