"""A source row's cells by column, as a rejected row is shown."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["column_name", "raw_row"]

# As much of a long cell as rejects.csv shows (the source file keeps all of it).
_SHOWN = 1000


def column_name(header: Sequence[str], index: int) -> str:
    """The header of column ``index``, or its position when it has none (第13列)."""
    if index < len(header) and header[index]:
        return header[index]
    return f"第{index + 1}列"


def raw_row(header: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    """The row's cells by header as rejects.csv shows them: every cell present, a ragged
    row's extra ones by position, oversized ones cut short with their length."""
    raw = {}
    for index, cell in enumerate(cells):
        if index >= len(header) and not cell.strip():
            continue
        text = cell
        if len(text) > _SHOWN:
            text = f"{text[:_SHOWN]}…（共{len(text)}个字符）"
        raw[column_name(header, index)] = text
    return raw
