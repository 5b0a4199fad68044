"""Cells no value can be read from: control characters, oversized text, uncomputed formulas.

Each rejects its row with the column named, before any value is normalised or sent to the
engine (a NUL byte or a megabyte-long parameter would otherwise fail the whole batch).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["CELL_LIMIT", "UncomputedFormula", "cell_problems", "column_name", "raw_row"]

# Characters per cell. No cell of these tables (names, IDs, case numbers, dates, causes)
# comes near it; it leaves room for a free-text column of a user's table and stays far
# below what an engine accepts as a parameter.
CELL_LIMIT = 65_536
# As much of an oversized cell as rejects.csv shows (the source file keeps all of it).
_SHOWN = 1000
# C0 controls and DEL, but tab, line feed and carriage return, which cells may hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UncomputedFormula(str):
    """An XLSX cell with a formula whose result was never saved in the file.

    Its text starts with NUL so that the one quick check of a row (``cell_problems``) can
    never let it through as a value.
    """

    def __new__(cls, formula: str) -> UncomputedFormula:
        return super().__new__(cls, "\x00" + formula)

    @property
    def formula(self) -> str:
        return self[1:]


def column_name(header: Sequence[str], index: int) -> str:
    """The header of column ``index``, or its position when it has none (第13列)."""
    if index < len(header) and header[index]:
        return header[index]
    return f"第{index + 1}列"


def cell_problems(header: Sequence[str], cells: Sequence[str]) -> list[tuple[str, str]]:
    """(column, reason) of every cell of the row that cannot be read; none for most rows."""
    joined = "\n".join(cells)
    if len(joined) <= CELL_LIMIT and _CONTROL.search(joined) is None:
        return []
    problems = []
    for index, cell in enumerate(cells):
        column = column_name(header, index)
        if isinstance(cell, UncomputedFormula):
            reason = (
                f"{column}是公式 '{cell.formula}'，但文件中没有保存它的计算结果；"
                "请在 Excel/WPS 中打开并保存后再导出，或将该列粘贴为数值"
            )
        elif control := _CONTROL.search(cell):
            code = f"U+{ord(control.group()):04X}"
            reason = f"{column}含有不可见的控制字符 {code}，请在源系统中清理后重新导出"
        elif len(cell) > CELL_LIMIT:
            reason = f"{column}内容过长（{len(cell)}个字符，上限{CELL_LIMIT}），请核对该单元格"
        else:
            continue
        problems.append((column, reason))
    return problems


def raw_row(header: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    """The row's cells by header as rejects.csv shows them: every cell present, a ragged
    row's extra ones by position, oversized ones cut short with their length."""
    raw = {}
    for index, cell in enumerate(cells):
        if index >= len(header) and not cell.strip():
            continue
        text = cell.formula if isinstance(cell, UncomputedFormula) else cell
        if len(text) > _SHOWN:
            text = f"{text[:_SHOWN]}…（共{len(text)}个字符）"
        raw[column_name(header, index)] = text
    return raw
