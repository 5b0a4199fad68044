"""A rule's result rows as leads: one per distinct identity, summarised in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from xiansuo.model.lead import Lead, lead_id
from xiansuo.model.texts import join
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.rule import Rule

__all__ = ["leads_from_rows"]


def _values(row: dict[str, Any], columns: Sequence[str]) -> tuple[str, ...]:
    found: set[str] = set()
    for column in columns:
        value = row.get(column)
        for item in value if isinstance(value, list) else [value]:
            if item is not None and item != "":
                found.add(str(item))
    return tuple(sorted(found))


def _text(row: dict[str, Any], lang: str, vocabulary: Vocabulary) -> dict[str, str]:
    """The row's values as words of ``lang``: stored values named, lists joined."""

    def word(value: Any) -> str:
        return "" if value is None else vocabulary.value_name(value, lang)

    return {k: join(map(word, v), lang) if isinstance(v, list) else word(v) for k, v in row.items()}


def leads_from_rows(
    rule: Rule, rows: Iterable[dict[str, Any]], vocabulary: Vocabulary
) -> list[Lead]:
    """One lead per distinct identity (persons and key cases, or key cases alone); the first
    row gives the details."""
    leads: dict[tuple, Lead] = {}
    for row in rows:
        persons, cases = _values(row, rule.lead.persons), _values(row, rule.lead.cases)
        key = (() if rule.lead.identity == "cases" else persons), cases
        if key in leads:
            continue
        leads[key] = Lead(
            rule=rule.id,
            lead_id=lead_id(rule.id, *key),
            persons=persons,
            cases=cases,
            severity=rule.severity,
            title=rule.title.zh,
            summary=rule.lead.summary.zh.format_map(_text(row, "zh", vocabulary)),
            summary_en=rule.lead.summary.en.format_map(_text(row, "en", vocabulary)),
            details=row,
        )
    return list(leads.values())
