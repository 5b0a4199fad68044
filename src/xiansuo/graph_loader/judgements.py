"""Investigators' judgements on who a record is: same / not same, with who, when and why.

Kept in a CSV that every later run honours. A record is named by its identifier as written
(compacted) and its name, which survive re-exports better than row numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from xiansuo.model.files import atomic_open
from xiansuo.model.spreadsheet import ENCODING, SheetWriter, open_sheet, read_rows

__all__ = ["COLUMNS", "Judgement", "Judgements"]

COLUMNS = ("claimed_id", "name", "person", "decision", "who", "when", "why")
DECISIONS = ("same", "not_same")


@dataclass(frozen=True)
class Judgement:
    """One decision about whether a record (claimed ID + name) is a given person."""

    claimed_id: str
    name: str
    person: str
    decision: str
    who: str
    when: str
    why: str


@dataclass
class Judgements:
    """All judgements; the latest decision about a (record, person) pair wins."""

    _same: dict[tuple[str, str], str] = field(default_factory=dict)
    _not_same: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def read(cls, path: Path | None) -> Judgements:
        judgements = cls()
        if path is None or not path.is_file():
            return judgements
        with open_sheet(path) as handle:
            for number, row in enumerate(read_rows(handle), start=2):
                if row.get("decision") not in DECISIONS:
                    raise ValueError(f"{path}:{number}: decision must be same or not_same")
                judgements.add(Judgement(**{c: (row.get(c) or "").strip() for c in COLUMNS}))
        return judgements

    def add(self, judgement: Judgement) -> None:
        key = (judgement.claimed_id, judgement.name)
        if judgement.decision == "same":
            self._same[key] = judgement.person
            self._not_same[key].discard(judgement.person)
        else:
            self._not_same[key].add(judgement.person)
            if self._same.get(key) == judgement.person:
                del self._same[key]

    def same(self, claimed_id: str, name: str | None) -> str | None:
        """The person this record was judged to be, if any."""
        return self._same.get((claimed_id, name or ""))

    def not_same(self, claimed_id: str, name: str | None) -> set[str]:
        """The persons this record was judged not to be."""
        return self._not_same.get((claimed_id, name or ""), set())

    @staticmethod
    def append(path: Path, judgement: Judgement) -> None:
        """Add one judgement to the file (created with its header if new); the file is
        replaced whole, so a crash never leaves half a line."""
        before = path.read_text(encoding=ENCODING) if path.is_file() else ""
        with atomic_open(path, "w", encoding=ENCODING, newline="") as handle:
            handle.write(before)
            writer = SheetWriter(handle)
            if not before:
                writer.writerow(COLUMNS)
            writer.writerow([getattr(judgement, c) for c in COLUMNS])


def today() -> str:
    """When a judgement is recorded."""
    return dt.date.today().isoformat()
