"""``leads.xlsx`` for case-handling departments: every lead by priority on the first sheet,
then one sheet per rule with the rule's own columns; status, assignee and note to fill in.

Every sheet has a filter on its header, the header frozen, dates as dates and amounts as
numbers (IDs and case numbers stay text), 核查状态 as a drop-down list of the register's
statuses and, hidden and locked, the key ``leads import`` reads the edits back by
(outputs.sheet_key). The sheets are protected without a password, only so that the key
and the headers are not changed by accident: every other cell is open, filters work.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xiansuo.model.files import atomic_open
from xiansuo.model.texts import join, text
from xiansuo.outputs.register import STATUSES, status_name
from xiansuo.outputs.rows import LeadRow
from xiansuo.outputs.sheet_key import lead_key

__all__ = ["ALL_LEADS", "EDITABLE", "KEY", "RuleSheet", "sheet_name", "write_workbook"]

# The catalogue keys of the columns a case handler fills in, and of the hidden key's header.
EDITABLE = {"status": "workbook.status", "assignee": "workbook.assignee", "note": "workbook.note"}
KEY = "workbook.key"
ALL_LEADS = "workbook.all_leads"


@dataclass(frozen=True)
class RuleSheet:
    """One rule's sheet: its title and returned columns (key, name) in the workbook's
    language, and its rows in priority order."""

    title: str
    severity_rank: int
    columns: tuple[tuple[str, str], ...]
    rows: Sequence[LeadRow]


Value = Callable[[LeadRow], object]
# (catalogue key, value, width): the order a case handler reads a lead in.
_ALL: list[tuple[str, Value, int]] = [
    ("workbook.lead_id", lambda r: r.short_id, 11),
    ("workbook.rule", lambda r: r.rule_title, 16),
    ("workbook.severity", lambda r: r.severity, 8),
    ("workbook.score", lambda r: r.score, 9),
    ("workbook.why", lambda r: r.why, 30),
    ("workbook.names", lambda r: r.names, 12),
    ("workbook.persons", lambda r: r.persons, 22),
    ("workbook.cases", lambda r: r.cases, 26),
    ("workbook.summary", lambda r: r.summary, 50),
    ("workbook.run_status", lambda r: r.run_status, 10),
    ("workbook.status", lambda r: r.status, 10),
    ("workbook.assignee", lambda r: r.assignee, 10),
    ("workbook.note", lambda r: r.note, 30),
    ("workbook.first_seen", lambda r: _date(r.first_seen), 11),
    ("workbook.last_seen", lambda r: _date(r.last_seen), 11),
    ("workbook.page", lambda r: r.page, 8),
]
_HEAD: list[tuple[str, Value, int]] = [_ALL[0], _ALL[3]]
_TAIL: list[tuple[str, Value, int]] = [*_ALL[10:13], _ALL[-1]]
_KEY_WIDTH = 44
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_STYLES = {
    "header": NamedStyle("xiansuo-header", font=Font(bold=True)),
    "text": NamedStyle("xiansuo-lead", alignment=Alignment(wrap_text=True, vertical="top"),
                       protection=Protection(locked=False)),
    "date": NamedStyle("xiansuo-date", number_format="yyyy-mm-dd",
                       alignment=Alignment(vertical="top"), protection=Protection(locked=False)),
    "integer": NamedStyle("xiansuo-integer", number_format="#,##0",
                          alignment=Alignment(vertical="top"), protection=Protection(locked=False)),
    "number": NamedStyle("xiansuo-number", number_format="#,##0.00",
                         alignment=Alignment(vertical="top"), protection=Protection(locked=False)),
    "link": NamedStyle("xiansuo-link", font=Font(color="0563C1", underline="single"),
                       alignment=Alignment(vertical="top"), protection=Protection(locked=False)),
    "key": NamedStyle("xiansuo-key", protection=Protection(locked=True)),
}  # fmt: skip


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's limits: 31 characters, no ``[]:*?/\\``, unique."""
    name = _SHEET_FORBIDDEN.sub("_", title)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
        n += 1
    used.add(name)
    return name


def _date(value: object) -> object:
    """An ISO day as a date (a date cell), anything else as it is."""
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def write_workbook(
    path: Path, rows: Sequence[LeadRow], sheets: Sequence[RuleSheet], lang: str = "zh"
) -> Path:
    """The all-leads sheet (``rows``, in priority order), then the rules' sheets by severity,
    then by how many leads they have (a rule with no lead still gets a sheet); every text in
    ``lang``.

    Rows are streamed (openpyxl's write-only mode): each is written once and never looked up
    again, so the time grows with the rows, not with their square.
    """
    book = Workbook(write_only=True)
    for style in _STYLES.values():
        book.add_named_style(style)
    used: set[str] = set()
    columns = [(text(key, lang), value, width, key) for key, value, width in _ALL]
    _write_sheet(book, sheet_name(text(ALL_LEADS, lang), used), columns, rows, lang)
    ordered = sorted(sheets, key=lambda s: (s.severity_rank, -len(s.rows), s.title))
    for sheet in ordered:
        own = [(name, _detail(column, lang), 16, "") for column, name in sheet.columns]
        columns = [
            *((text(k, lang), v, w, k) for k, v, w in _HEAD),
            *own,
            *((text(k, lang), v, w, k) for k, v, w in _TAIL),
        ]
        _write_sheet(book, sheet_name(sheet.title, used), columns, sheet.rows, lang)
    with atomic_open(path, "wb") as file:
        book.save(file)
    return path


def _detail(column: str, lang: str) -> Value:
    def value(row: LeadRow) -> object:
        found = row.details.get(column)
        if isinstance(found, list):
            return join(("" if item is None else item for item in found), lang)
        return _date(found)

    return value


def _write_sheet(
    book: Workbook,
    name: str,
    columns: list[tuple[str, Value, int, str]],
    rows: Sequence[LeadRow],
    lang: str,
) -> None:
    sheet: Any = book.create_sheet(name)
    key_column = get_column_letter(len(columns) + 1)
    for index, (_, _, width, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions[key_column].width = _KEY_WIDTH
    sheet.column_dimensions[key_column].hidden = True
    sheet.freeze_panes = "B2"
    last = len(rows) + 1
    sheet.auto_filter.ref = f"A1:{key_column}{last}"
    status = next(i for i, column in enumerate(columns, start=1) if column[3] == EDITABLE["status"])
    if rows:
        names = ",".join(status_name(s, lang) for s in STATUSES)
        listed = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
        listed.error = text("workbook.status_error", lang, statuses=names)
        listed.showErrorMessage = True
        letter = get_column_letter(status)
        listed.add(f"{letter}2:{letter}{last}")
        sheet.data_validations.append(listed)
    # Protected so that the key and the headers are not typed over; everything else is open.
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = protection.sort = False  # False: allowed
    protection.formatColumns = protection.formatRows = protection.formatCells = False
    sheet.append(
        [_cell(sheet, header, "header") for header, *_ in columns]
        + [_cell(sheet, text(KEY, lang), "header")]
    )
    page = text("workbook.open", lang)
    for row in rows:
        cells = []
        for _, value, _, key in columns:
            found = value(row)
            if key == "workbook.page":
                cell = _cell(sheet, page if found else None, "link")
                if found:
                    cell.hyperlink = str(found)
            else:
                cell = _cell(sheet, found)
            cells.append(cell)
        key = lead_key(row.lead_id, row.status_key, row.assignee, row.note, masked=row.masked)
        sheet.append([*cells, _cell(sheet, key, "key")])


def _cell(sheet: Any, value: Any, style: str | None = None) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # data is text, never a formula: "=HYPERLINK(…)" stays a name
    if style is None:
        style = (
            "date" if isinstance(value, dt.date)
            else "text" if isinstance(value, bool)
            else "integer" if isinstance(value, int)
            else "number" if isinstance(value, float)
            else "text"
        )  # fmt: skip
    cell.style = _STYLES[style].name  # a named style is looked up, not hashed for every cell
    return cell
