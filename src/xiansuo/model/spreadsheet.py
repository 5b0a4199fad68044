"""CSV files people open in Excel or WPS: formula-like cells neutralised, restored on reading.

A cell starting with ``= + - @``, a tab or a carriage return is a formula to a spreadsheet
(``=cmd|'/Ccalc'!A0``); OWASP's rule is to prefix it with an apostrophe, which shows the
cell as text. A cell that already starts with an apostrophe before one of those (or before
another apostrophe) gets one more, so that reading removes exactly what writing added and a
round trip gives back every value as it was.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

__all__ = [
    "ENCODING", "FORMULA_STARTS", "SheetWriter", "neutralise", "open_sheet", "read_rows", "restore",
]  # fmt: skip

# UTF-8 with BOM: without the BOM, Excel reads the Chinese as the machine's code page.
ENCODING = "utf-8-sig"
FORMULA_STARTS = frozenset("=+-@\t\r")
_QUOTE = "'"
_ESCAPED = FORMULA_STARTS | {_QUOTE}


def neutralise(cell: str) -> str:
    """The cell as written to a CSV meant for spreadsheets.

    >>> neutralise("=cmd|'/Ccalc'!A0"), neutralise("-5"), neutralise("'=x"), neutralise("'a")
    ("'=cmd|'/Ccalc'!A0", "'-5", "''=x", "'a")
    """
    if cell and (cell[0] in FORMULA_STARTS or (cell[0] == _QUOTE and cell[1:2] in _ESCAPED)):
        return _QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """The value a neutralised cell stands for (the inverse of ``neutralise``).

    >>> restore("'=cmd"), restore("''=x"), restore("'a"), restore("'")
    ('=cmd', "'=x", "'a", "'")
    """
    if cell[:1] == _QUOTE and cell[1:2] in _ESCAPED:
        return cell[1:]
    return cell


class SheetWriter:
    """``csv.writer`` whose every cell goes through ``neutralise``."""

    def __init__(self, handle: IO[str]) -> None:
        self._csv = csv.writer(handle)

    def writerow(self, cells: Iterable[object]) -> None:
        self._csv.writerow([neutralise("" if cell is None else str(cell)) for cell in cells])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def read_rows(handle: IO[str]) -> Iterator[dict[str, str]]:
    """The rows of a CSV written by ``SheetWriter``, by header, with every value restored.

    A row shorter than the header gives "" for the missing cells.
    """
    for row in csv.DictReader(handle, restval=""):
        yield {k: restore(v) if isinstance(v, str) else v for k, v in row.items()}


def open_sheet(path: Path, mode: str = "r") -> IO[str]:
    """A spreadsheet CSV opened for reading or (over)writing, with its BOM."""
    return path.open(mode, encoding=ENCODING, newline="")
