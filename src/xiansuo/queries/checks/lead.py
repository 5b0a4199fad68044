"""The lead's columns are returned columns, each reported at its own line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xiansuo.model.texts import LANGS, both
from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile

__all__ = ["LeadColumnsValidator"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class LeadColumnsValidator(Validator):
    """Every column ``lead`` names (persons, cases, names, summary placeholders) is one the
    rule returns. Read from the file's data, so that it is reported even when another key
    fails the schema."""

    check = "lead"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        lead, returns = file.data.get("lead"), set(file.mapping_keys("returns"))
        if not isinstance(lead, dict) or not returns:
            return
        for key in ("persons", "cases", "names"):
            columns = lead.get(key)
            for index, column in enumerate(columns if isinstance(columns, list) else ()):
                if isinstance(column, str) and column not in returns:
                    yield self._unknown(file, f"lead.{key}", column, ("lead", key, index))
        summary = lead.get("summary")
        for lang in LANGS if isinstance(summary, dict) else ():
            sentence = summary.get(lang)  # type: ignore[union-attr]  # a dict, tested above
            for column in _PLACEHOLDER.findall(sentence if isinstance(sentence, str) else ""):
                if column not in returns:
                    yield self._unknown(file, f"lead.summary.{lang}", column,
                                        ("lead", "summary", lang))  # fmt: skip

    def _unknown(self, file: RuleFile, where: str, column: str, loc: tuple) -> Issue:
        return self.issue(
            file, file.line_of(*loc), both("check.lead_column", where=where, column=repr(column))
        )
