"""``leads.xlsx`` for case-handling departments: one sheet per rule, Chinese column names."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from xiansuo.model.files import atomic_open
from xiansuo.model.texts import text
from xiansuo.outputs.rows import LeadRow

__all__ = ["COLUMNS", "sheet_name", "write_workbook"]

# (catalogue key, value, width): the order a case handler reads a lead in.
COLUMNS: list[tuple[str, Callable[[LeadRow], object], int]] = [
    ("workbook.lead_id", lambda r: r.lead_id, 18),
    ("workbook.score", lambda r: r.score, 10),
    ("workbook.why", lambda r: r.why, 30),
    ("workbook.severity", lambda r: r.severity, 8),
    ("workbook.names", lambda r: r.names, 12),
    ("workbook.persons", lambda r: r.persons, 22),
    ("workbook.cases", lambda r: r.cases, 30),
    ("workbook.summary", lambda r: r.summary, 60),
    ("workbook.run_status", lambda r: r.run_status, 12),
    ("workbook.status", lambda r: r.status, 10),
    ("workbook.assignee", lambda r: r.assignee, 10),
    ("workbook.note", lambda r: r.note, 30),
    ("workbook.first_seen", lambda r: r.first_seen, 12),
    ("workbook.last_seen", lambda r: r.last_seen, 12),
]
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's limits: 31 characters, no ``[]:*?/\\``, unique."""
    name = _SHEET_FORBIDDEN.sub("_", title)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
        n += 1
    used.add(name)
    return name


def write_workbook(path: Path, sheets: dict[str, list[LeadRow]], lang: str = "zh") -> Path:
    """One sheet per rule title, in the given order (a rule with no lead still gets a sheet);
    headers in ``lang``."""
    book = Workbook()
    book.remove(book.worksheets[0])  # the default sheet; each rule gets its own
    used: set[str] = set()
    for title, rows in sheets.items():
        sheet = book.create_sheet(sheet_name(title, used))
        sheet.append([text(key, lang) for key, _, _ in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([value(row) for _, value, _ in COLUMNS])
            for cell in sheet[sheet.max_row]:
                # Data is text, never a formula: "=HYPERLINK(…)" in a name stays a name.
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, (_, _, width) in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
        sheet.freeze_panes = "B2"
    with atomic_open(path, "wb") as file:
        book.save(file)
    return path
