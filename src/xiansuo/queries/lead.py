"""Leads: what a rule reports, identified stably by rule, persons and key cases."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from xiansuo.queries.rule import Rule

__all__ = ["Lead", "lead_id", "leads_from_rows", "read_leads", "write_leads"]


def lead_id(rule: str, persons: Iterable[str], cases: Iterable[str]) -> str:
    """Stable across runs for the same rule, persons and key cases (order does not matter).

    >>> lead_id("r", ["b", "a"], ["c"]) == lead_id("r", ["a", "b"], ["c"])
    True
    """
    key = json.dumps([rule, sorted(set(persons)), sorted(set(cases))], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Lead:
    """One supervision lead as written to ``leads.jsonl``."""

    rule: str
    lead_id: str
    persons: tuple[str, ...]
    cases: tuple[str, ...]
    severity: str
    title: str
    summary: str
    summary_en: str
    details: dict[str, Any] = field(default_factory=dict)


def _values(row: dict[str, Any], columns: Sequence[str]) -> tuple[str, ...]:
    found: set[str] = set()
    for column in columns:
        value = row.get(column)
        for item in value if isinstance(value, list) else [value]:
            if item is not None and item != "":
                found.add(str(item))
    return tuple(sorted(found))


def _text(row: dict[str, Any]) -> dict[str, str]:
    return {
        k: "、".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
        for k, v in row.items()
    }


def leads_from_rows(rule: Rule, rows: Iterable[dict[str, Any]]) -> list[Lead]:
    """One lead per distinct identity (persons and key cases, or key cases alone); the first
    row gives the details."""
    leads: dict[tuple, Lead] = {}
    for row in rows:
        persons, cases = _values(row, rule.lead.persons), _values(row, rule.lead.cases)
        key = (() if rule.lead.identity == "cases" else persons), cases
        if key in leads:
            continue
        text = _text(row)
        leads[key] = Lead(
            rule=rule.id,
            lead_id=lead_id(rule.id, *key),
            persons=persons,
            cases=cases,
            severity=rule.severity,
            title=rule.title.zh,
            summary=rule.lead.summary.zh.format_map(text),
            summary_en=rule.lead.summary.en.format_map(text),
            details=row,
        )
    return list(leads.values())


def write_leads(path: Path, leads: Iterable[Lead]) -> int:
    """Write one JSON object per lead; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for lead in leads:
            handle.write(json.dumps(asdict(lead), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_leads(path: Path) -> list[Lead]:
    """The leads of a ``leads.jsonl``."""
    with path.open(encoding="utf-8") as handle:
        return [
            Lead(**{**data, "persons": tuple(data["persons"]), "cases": tuple(data["cases"])})
            for data in map(json.loads, handle)
        ]
