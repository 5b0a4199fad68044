"""Every ``$name`` the query uses is a declared parameter, and every parameter is used."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.scanner import PARAM

__all__ = ["ParamsValidator"]


class ParamsValidator(Validator):
    """Every ``$name`` is declared, and every declared parameter is used."""

    check = "params"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        if file.query is None:
            return
        declared = file.declared_params
        uses: dict[str, int] = {}
        for match in PARAM.finditer(file.code):
            uses.setdefault(match.group(1), match.start())
        for name, offset in uses.items():
            if name not in declared:
                yield self.issue(file, file.line_at(offset), f"${name} is not a declared parameter")
        for name in file.mapping_keys("parameters"):
            # A date reaches the query as `$name` and `$name_day` (declared); either counts.
            if name not in uses and not (name + "_day" in uses and name + "_day" in declared):
                yield self.issue(
                    file,
                    file.line_of("parameters", name),
                    f"parameter {name!r} is declared but the query never uses it",
                )
