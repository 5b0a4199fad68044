"""Data templates (数据要素模版): empty tables with the Chinese headers a rule's data needs,
for the departments that export them; each loads as it is once filled in."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xiansuo.model.files import atomic_open
from xiansuo.model.mapping import FieldSpec, Mapping
from xiansuo.model.spreadsheet import ENCODING, SheetWriter
from xiansuo.model.texts import join, text

__all__ = ["FORMATS", "existing", "field_note", "write_template"]

FORMATS = ("xlsx", "csv")
_ROWS = 5000  # rows an enum column's drop-down list covers


def field_note(spec: FieldSpec, lang: str = "zh") -> str:
    """What a column holds, in words: its type, whether it must be filled, its values.

    >>> from xiansuo.model.vocabulary import Vocabulary
    >>> field_note(Vocabulary.load().mappings["case_parties"].fields["role"])
    '取值：犯罪嫌疑人、被告人、被害人；必填'
    """
    parts = [
        text("template.values", lang, values=join(spec.values, lang))
        if spec.values
        else text(f"template.type.{spec.type}", lang)
    ]
    if spec.required:
        parts.append(text("template.required", lang))
    return text("template.separator", lang).join(parts)


def write_template(mapping: Mapping, folder: Path, fmt: str = "xlsx") -> Path:
    """``<folder>/<table>.<fmt>``: the header row (the mapping's columns, in order) and, in a
    workbook, each column's note and a drop-down list for enum columns."""
    target = folder / f"{mapping.table}.{fmt}"
    specs = list(mapping.fields.values())
    if fmt == "csv":
        with atomic_open(target, "w", encoding=ENCODING, newline="") as handle:
            SheetWriter(handle).writerow(spec.column for spec in specs)
        return target
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = mapping.title[:31]
    sheet.append([spec.column for spec in specs])
    for index, spec in enumerate(specs, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.comment = Comment(field_note(spec), "xiansuo")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, 2 * len(spec.column) + 4)
        if spec.values:
            listed = DataValidation(type="list", formula1=f'"{",".join(spec.values)}"')
            listed.add(f"{letter}2:{letter}{_ROWS}")
            sheet.add_data_validation(listed)
        if spec.type in ("resident_id", "uscc", "party_id", "case_number", "region_code"):
            # Text, or Excel turns an 18-digit ID into 5.11802E+17 and loses digits; set on
            # the column, so that no empty cell is written.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    with atomic_open(target, "wb") as handle:
        book.save(handle)
    return target


def existing(targets: Iterable[Path]) -> list[Path]:
    """The targets that already exist (a template never replaces a filled-in table)."""
    return [path for path in targets if path.exists()]
