"""A returned ``leads.xlsx``: the status, assignee and note edits a case department made.

Rows are found by their hidden key (outputs.sheet_key) and cells by their headers, in
either language, so deleted rows, sorted rows and moved columns do not matter, and a
workbook re-saved by WPS reads the same. A field is an edit when its cell differs from what
the row was exported with; it is applied only if the register still holds what the row
showed, else it is a conflict and the register keeps its value.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from xiansuo.model.texts import LANGS, text
from xiansuo.outputs.excel import EDITABLE, KEY
from xiansuo.outputs.register import STATUSES, Register, status_name
from xiansuo.outputs.sheet_key import SheetKey, digest, parse_key, shown

__all__ = ["Conflict", "Edit", "Edits", "WorkbookError", "apply_edits", "read_edits"]


class WorkbookError(ValueError):
    """A file that is not a workbook openpyxl can read."""


@dataclass(frozen=True)
class Edit:
    """One field of one lead changed in the workbook, and where."""

    key: SheetKey
    field: str
    value: str  # as the register stores it (a status by its Chinese word)
    sheet: str
    cell: str


@dataclass(frozen=True)
class Conflict:
    """An edit not applied: the register changed since the export, or the workbook holds two
    different edits of the same field (on two sheets)."""

    lead_id: str
    field: str
    register: str | None  # None: a lead the register does not hold
    workbook: str
    where: str


@dataclass
class Edits:
    """What a workbook holds: its edits, and the cells that could not be read (in words)."""

    edits: list[Edit]
    problems: list[str]


def _statuses() -> dict[str, str]:
    names = {status: status for status in STATUSES}
    return names | {status_name(s, lang): s for s in STATUSES for lang in LANGS}


def _words(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _columns(header: Iterable[Any]) -> dict[str, int]:
    """The index of each editable column and of the key, by the header in either language."""
    wanted = {text(key, lang): field for field, key in EDITABLE.items() for lang in LANGS}
    wanted |= {text(KEY, lang): "key" for lang in LANGS}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        field = wanted.get(_words(name))
        if field and field not in found:
            found[field] = index
    return found


def _key_column(rows: list[tuple[Any, ...]]) -> int | None:
    """The first column in which the first rows hold keys."""
    width = max((len(row) for row in rows[:20]), default=0)
    for index in range(width):
        cells = [row[index] for row in rows[:20] if index < len(row) and row[index] is not None]
        if cells and all(parse_key(cell) for cell in cells):
            return index
    return None


def _rows(path: Path) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise WorkbookError(f"{path}: {exc}") from None
    try:
        for sheet in book.worksheets:
            yield sheet.title, list(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def read_edits(path: Path, lang: str = "zh") -> Edits:
    """Every sheet's edits; a sheet without the key or the editable columns is not read."""
    statuses, edits, problems = _statuses(), [], []
    for title, rows in _rows(path):
        if not rows:
            continue
        columns = _columns(rows[0])
        if "key" not in columns:  # its header lost in a re-save: the column holding keys
            found = _key_column(rows[1:])
            if found is None:
                continue
            columns["key"] = found
        for number, row in enumerate(rows[1:], start=2):
            cells = list(row) + [None] * (max(columns.values()) + 1 - len(row))
            key = parse_key(cells[columns["key"]])
            if key is None:
                continue
            for field in EDITABLE:
                if field not in columns:
                    continue
                value = _words(cells[columns[field]])
                where = f"{get_column_letter(columns[field] + 1)}{number}"
                if field == "status":
                    if value not in statuses:
                        problems.append(text("cli.import_bad_status", lang, file=path.name,
                                             sheet=title, cell=where, value=value,
                                             statuses=" / ".join(STATUSES)))  # fmt: skip
                        continue
                    value = statuses[value]
                if digest(value) != getattr(key, field):
                    edits.append(Edit(key, field, value, title, where))
    return Edits(edits, problems)


def apply_edits(register: Register, edits: Iterable[Edit]) -> tuple[list[Edit], list[Conflict]]:
    """Apply the edits the register can take; the applied ones and the conflicts."""
    by_field: dict[tuple[str, str], list[Edit]] = {}
    for edit in edits:
        by_field.setdefault((edit.key.lead_id, edit.field), []).append(edit)
    applied, conflicts = [], []
    for (lead_id, field), found in by_field.items():
        entry = register.entries.get(lead_id)
        values = {edit.value for edit in found}
        where = ", ".join(f"{edit.sheet}!{edit.cell}" for edit in found)
        edit = found[0]
        current = getattr(entry, field) if entry else ""
        if entry is None:
            conflicts.append(Conflict(lead_id, field, None, edit.value, where))
        elif len(values) > 1:
            conflicts.append(Conflict(lead_id, field, current, " | ".join(sorted(values)), where))
        elif current == edit.value:
            continue  # the same change already made
        elif digest(_field_shown(field, current, edit.key.masked)) != getattr(edit.key, field):
            conflicts.append(Conflict(lead_id, field, current, edit.value, where))
        else:
            register.update(lead_id, **{field: edit.value})
            applied.append(edit)
    return applied, conflicts


def _field_shown(field: str, value: str, masked: bool) -> str:
    return value if field == "status" else shown(value, masked)
