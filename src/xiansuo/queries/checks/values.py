"""Comparisons that cannot work: a value an enum column never holds (``r.penalty = '罚金'``),
and a date stored as text or as a day number compared with a ``date(…)``."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.model.labels import DAY_SUFFIX
from xiansuo.model.texts import LANGS, both, join
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks.issue import FactValidator, Finding
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.facts import Comparison, QueryFacts

__all__ = ["DatesValidator", "ValuesValidator", "date_comparisons", "impossible_values"]

_EQUAL, _UNEQUAL = {"=", "IN"}, {"<>", "!="}
_TEXT = {"STARTS WITH": str.startswith, "ENDS WITH": str.endswith, "CONTAINS": str.__contains__}
_ORDER = {"=", "<>", "!=", "<", ">", "<=", ">="}
_TEMPORAL = {"date", "datetime", "localdatetime", "localtime", "time"}


def _allowed(c: Comparison, facts: QueryFacts, vocabulary: Vocabulary) -> tuple[str, ...] | None:
    owners = facts.owners(c.variable, c.labels)
    found: list[str] = []
    for owner in owners:
        values = vocabulary.values_of(owner, c.property)
        if values is None:
            return None
        found += values
    return tuple(dict.fromkeys(found)) or None


def _column(c: Comparison, facts: QueryFacts, vocabulary: Vocabulary) -> str:
    for owner in facts.owners(c.variable, c.labels):
        if (owner, c.property) in vocabulary.columns:
            return vocabulary.columns[owner, c.property]
    return c.property


def impossible_values(facts: QueryFacts, vocabulary: Vocabulary) -> Iterator[Finding]:
    """Each literal compared with a property whose values the mappings fix (an enum
    column, a constant) that the property can never hold."""
    for c in facts.comparisons:
        if c.other.kind not in ("literal", "list") or c.op not in _EQUAL | _UNEQUAL | set(_TEXT):
            continue
        allowed = _allowed(c, facts, vocabulary)
        if allowed is None:
            continue
        for value in c.other.values:
            if not isinstance(value, str):
                continue
            matches = _TEXT.get(c.op, str.__eq__)
            if any(matches(v, value) for v in allowed):
                continue
            key = "values.always" if c.op in _UNEQUAL else "values.never"
            yield Finding(
                c.other.at,
                "values",
                both(
                    key,
                    subject=f"{c.variable or ''}.{c.property}",
                    op="=" if c.op == "IN" else c.op,  # each item of an IN list is an equality
                    value=value,
                    column=_column(c, facts, vocabulary),
                    values={lang: join(allowed, lang) for lang in LANGS},
                ),
                "warning" if c.op in _UNEQUAL else "error",
            )


def date_comparisons(facts: QueryFacts, vocabulary: Vocabulary) -> Iterator[Finding]:
    """Each date property (ISO text, or its ``_day`` number) compared with ``date(…)`` and
    kin: the comparison is null, so the row is dropped without a word."""
    everyone = [*vocabulary.labels, *vocabulary.relationship_types]
    for c in facts.comparisons:
        function = c.other.name.lower().split(".")[0]
        if c.op not in _ORDER or c.other.kind != "function" or function not in _TEMPORAL:
            continue
        owners = facts.owners(c.variable, c.labels) or tuple(everyone)
        subject = f"{c.variable or ''}.{c.property}"
        if any(vocabulary.is_date_text(owner, c.property) for owner in owners):
            key = "dates.text"
        elif c.property.endswith(DAY_SUFFIX) and any(
            (owner, c.property) in vocabulary.sources for owner in owners
        ):
            key = "dates.day"
        else:
            continue
        message = both(key, subject=subject, function=c.other.name, day=subject + DAY_SUFFIX)
        yield Finding(c.at, "dates", message, "warning")


class ValuesValidator(FactValidator):
    """No comparison with a value the column never holds."""

    check = "values"

    def findings(self, facts: QueryFacts, file: RuleFile) -> Iterator[Finding]:
        return impossible_values(facts, self.vocabulary)


class DatesValidator(FactValidator):
    """No date property compared with ``date(…)``."""

    check = "dates"

    def findings(self, facts: QueryFacts, file: RuleFile) -> Iterator[Finding]:
        return date_comparisons(facts, self.vocabulary)
