"""Writing tables as CSV (UTF-8, UTF-8 with BOM, GB18030) or as an .xlsx first sheet."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np

from xiansuo.synth.columns import join
from xiansuo.synth.tables import Table

__all__ = [
    "BOM",
    "GBK",
    "LABELS",
    "PLAIN",
    "XLSX",
    "file_name",
    "write_table",
    "write_text_columns",
]

PLAIN, BOM, GBK, XLSX = "utf-8", "utf-8-sig", "gb18030", "xlsx"
LABELS = {PLAIN: "utf-8", BOM: "utf-8 with BOM", GBK: "gb18030", XLSX: "xlsx"}
_CHUNK = 100_000  # rows per write: bounds the memory of the joined text


def file_name(table: str, encoding: str) -> str:
    return f"{table}.xlsx" if encoding == XLSX else f"{table}.csv"


def write_table(out_dir: Path, table: Table, encoding: str = PLAIN) -> Path:
    """Write the table under its contract file name; returns the path. A file of the same
    table in the other format (left by an earlier run) goes, so each table has one file."""
    path = out_dir / file_name(table.name, encoding)
    other = out_dir / file_name(table.name, PLAIN if encoding == XLSX else XLSX)
    other.unlink(missing_ok=True)
    if encoding == XLSX:
        _write_xlsx(path, table)
    else:
        write_text_columns(path, table.columns, encoding)
    return path


def write_text_columns(path: Path, columns: dict[str, np.ndarray], encoding: str) -> None:
    """CSV with a header row. Values are written unquoted: no value may hold a comma, quote
    or line break, which is checked, not assumed."""
    values = list(columns.values())
    # The utf-8-sig codec would put a BOM before every chunk; write it once by hand.
    codec = PLAIN if encoding == BOM else encoding
    n = len(values[0]) if values else 0
    with path.open("wb") as out:
        if encoding == BOM:
            out.write(b"\xef\xbb\xbf")
        out.write((",".join(columns) + "\n").encode(codec))
        for lo in range(0, n, _CHUNK):
            parts: list[np.ndarray | str] = []
            for i, column in enumerate(values):
                parts.extend([",", column[lo : lo + _CHUNK]] if i else [column[lo : lo + _CHUNK]])
            lines = join(*parts).tolist()
            text = "\n".join(lines) + "\n"
            if (
                text.count(",") != len(lines) * (len(values) - 1)
                or text.count("\n") != len(lines)
                or '"' in text
                or "\r" in text
            ):
                raise ValueError(f"{path.name}: a value holds a comma, quote or line break")
            out.write(text.encode(codec))


def _write_xlsx(path: Path, table: Table) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.name)
    sheet.append(list(table.columns))
    columns = [c.tolist() for c in table.columns.values()]
    for row in zip(*columns, strict=True):
        # Empty cells stay empty rather than holding an empty string.
        sheet.append([v or None for v in row])
    book.save(path)
    _reproducible(path)


_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _reproducible(path: Path) -> None:
    """Same content, same bytes: pin the zip entries' times and the document's
    created/modified stamps, which openpyxl takes from the clock."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _STAMPS.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), data,
                         zipfile.ZIP_DEFLATED)  # fmt: skip
