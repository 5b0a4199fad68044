"""``leads.xlsx`` for case-handling departments: one sheet per rule, Chinese column names."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from xiansuo.outputs.rows import LeadRow

__all__ = ["COLUMNS", "EXCEL_NAME", "write_workbook"]

EXCEL_NAME = "leads.xlsx"
# (header, value, width): the order a case handler reads a lead in.
COLUMNS: list[tuple[str, Callable[[LeadRow], object], int]] = [
    ("线索编号", lambda r: r.lead_id, 18),
    ("优先级得分", lambda r: r.score, 10),
    ("优先级说明", lambda r: r.why, 30),
    ("严重程度", lambda r: r.severity, 8),
    ("姓名", lambda r: r.names, 12),
    ("证件号", lambda r: r.persons, 22),
    ("案件", lambda r: r.cases, 30),
    ("线索摘要", lambda r: r.summary, 60),
    ("本次状态", lambda r: r.run_status, 12),
    ("核查状态", lambda r: r.status, 10),
    ("承办人", lambda r: r.assignee, 10),
    ("备注", lambda r: r.note, 30),
    ("首次发现", lambda r: r.first_seen, 12),
    ("最近发现", lambda r: r.last_seen, 12),
]
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's limits: 31 characters, no ``[]:*?/\\``, unique."""
    name = _SHEET_FORBIDDEN.sub("_", title)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
        n += 1
    used.add(name)
    return name


def write_workbook(path: Path, sheets: dict[str, list[LeadRow]]) -> Path:
    """One sheet per rule title, in the given order (a rule with no lead still gets a sheet)."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for title, rows in sheets.items():
        sheet = book.create_sheet(_sheet_name(title, used))
        sheet.append([header for header, _, _ in COLUMNS])
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
    book.save(path)
    return path
