"""A lead's history: every change of its status, assignee or note, who made it, when, how.

The history is a file of the run folder beside the lead register (``lead_history.jsonl``),
kept across runs like the register and only ever appended to, one change per line, under
the register's lock: the register says where a lead stands, the history how it got there.
Every way of changing the register records its changes here (``xiansuo leads set``, the
explorer, and a returned workbook once it can be imported), each under its ``source``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Literal

from xiansuo.model.files import append_record

__all__ = ["TRACKED", "Change", "Editor", "Source", "append_changes", "changes", "read_history"]

# The register's columns a person decides; the others a run keeps up to date.
TRACKED = ("status", "assignee", "note")
Source = Literal["cli", "explore", "import"]


@dataclass(frozen=True)
class Editor:
    """Who changes the register, and through what."""

    user: str
    source: Source

    @classmethod
    def here(cls, source: Source, user: str | None = None) -> Editor:
        """``user``, else the account this process runs as."""
        return cls(user or getpass.getuser(), source)


@dataclass(frozen=True)
class Change:
    """One field of one lead changed: from ``old`` to ``new``, with the note given with it."""

    time: str
    user: str
    source: str
    lead_id: str
    field: str
    old: str
    new: str
    note: str


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def changes(
    before: Mapping[str, tuple[str, ...]],
    after: Mapping[str, tuple[str, ...]],
    editor: Editor,
    *,
    time: str | None = None,
) -> list[Change]:
    """What differs between two snapshots of the tracked fields (lead id → values in
    ``TRACKED`` order); a lead that was not in ``before`` is new, not changed.

    >>> c = changes({"a": ("新线索", "", "")}, {"a": ("核查中", "", "已调卷")},
    ...             Editor("甲", "cli"), time="t")
    >>> [(x.field, x.old, x.new, x.note) for x in c]
    [('status', '新线索', '核查中', '已调卷'), ('note', '', '已调卷', '已调卷')]
    """
    when = time or _now()
    found = []
    for lead_id, new in after.items():
        old = before.get(lead_id)
        if old is None or old == new:
            continue
        note = new[TRACKED.index("note")]
        for field, was, now in zip(TRACKED, old, new, strict=True):
            if was != now:
                found.append(
                    Change(when, editor.user, editor.source, lead_id, field, was, now, note)
                )
    return found


def append_changes(path: Path, found: Iterable[Change]) -> None:
    """Add changes at the end of the history (the caller holds the register's lock)."""
    lines = "".join(json.dumps(asdict(c), ensure_ascii=False) + "\n" for c in found)
    if lines:
        append_record(path, lines)


_FIELDS = {f.name for f in fields(Change)}


def read_history(path: Path, lead_id: str | None = None) -> list[Change]:
    """The changes in the order they were made, of one lead or of all; a line that is not a
    whole change (a write cut off when the machine stopped) is skipped."""
    if not path.is_file():
        return []
    found = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if not isinstance(data, dict) or set(data) != _FIELDS:
                continue
            if lead_id is None or data["lead_id"] == lead_id:
                found.append(Change(**{k: str(v) for k, v in data.items()}))
    return found
