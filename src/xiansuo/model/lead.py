"""Leads: what a rule reports, identified stably by rule, persons and key cases; leads.jsonl."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from xiansuo.model.files import atomic_open

__all__ = ["SHORT_ID", "Lead", "lead_id", "read_leads", "short_ids", "write_leads"]

SHORT_ID = 8  # characters of a lead id people read and type; more where two ids share them


def lead_id(rule: str, persons: Iterable[str], cases: Iterable[str]) -> str:
    """Stable across runs for the same rule, persons and key cases (order does not matter).

    >>> lead_id("r", ["b", "a"], ["c"]) == lead_id("r", ["a", "b"], ["c"])
    True
    """
    key = json.dumps([rule, sorted(set(persons)), sorted(set(cases))], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def short_ids(lead_ids: Iterable[str], least: int = SHORT_ID) -> dict[str, str]:
    """Each lead id cut to its shortest beginning, of ``least`` characters or more, that no
    other of these ids starts with (as git shortens commit ids).

    >>> short_ids(["3f2a9c0d1e4b5a67", "3f2a9c0d9e4b5a67", "0123456789abcdef"]).values()
    dict_values(['01234567', '3f2a9c0d1', '3f2a9c0d9'])
    """
    ordered = sorted(set(lead_ids))
    length = dict.fromkeys(ordered, least)
    for a, b in pairwise(ordered):
        shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
        shared += 1
        length[a], length[b] = max(length[a], shared), max(length[b], shared)
    return {lead: lead[: length[lead]] for lead in ordered}


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

    def summary_in(self, lang: str) -> str:
        """The summary in ``lang``."""
        return self.summary if lang == "zh" else self.summary_en


def write_leads(path: Path, leads: Iterable[Lead]) -> int:
    """Write one JSON object per lead; returns how many."""
    count = 0
    with atomic_open(path, "w", encoding="utf-8") as handle:
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
