"""Input files: find each table's file, detect its encoding, stream its rows."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from xiansuo.model.errors import InputError

__all__ = ["SUFFIXES", "SourceFile", "detect_encoding", "find_sources"]

SUFFIXES = (".csv", ".xlsx")
_BLOCK = 1 << 20
# Tried in order with strict decoding: UTF-8 first because GB18030 accepts most byte strings.
_CANDIDATES = ("utf-8", "gb18030")


def detect_encoding(path: Path) -> str:
    """Return the codec that decodes the whole file strictly: BOM, then UTF-8, then GB18030."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    candidates = ("utf-16",) if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ()
    for encoding in candidates or _CANDIDATES:
        if _decodes(path, encoding):
            return encoding
    raise InputError(f"{path.name}: 无法识别文件编码（不是 UTF-8 也不是 GBK/GB18030）")


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with path.open("rb") as handle:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


Row = tuple[int, list[str]]


@dataclass(frozen=True)
class SourceFile:
    """One input file of a table; rows are numbered as a spreadsheet shows them (header = 1)."""

    table: str
    path: Path
    encoding: str

    @classmethod
    def open(cls, table: str, path: Path) -> SourceFile:
        """A source whose encoding has been detected ("xlsx" for spreadsheets)."""
        xlsx = path.suffix.lower() == ".xlsx"
        return cls(table, path, "xlsx" if xlsx else detect_encoding(path))

    def header(self) -> list[str]:
        rows = self._rows()
        try:
            return [cell.strip().lstrip("\ufeff") for cell in next(rows)]
        except StopIteration:
            raise InputError(f"{self.path.name}: 文件为空，没有表头") from None

    def chunks(self, size: int) -> Iterator[list[Row]]:
        """Data rows in lists of at most ``size``, each with its row number."""
        rows = self._rows()
        next(rows, None)
        numbered = enumerate(rows, start=2)
        while chunk := list(islice(numbered, size)):
            yield chunk

    def _rows(self) -> Iterator[list[str]]:
        if self.encoding == "xlsx":
            yield from _xlsx_rows(self.path)
            return
        with self.path.open(encoding=self.encoding, newline="") as handle:
            try:
                yield from csv.reader(handle)
            except (csv.Error, UnicodeDecodeError) as exc:
                raise InputError(f"{self.path.name}: 无法读取 CSV: {exc}") from None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise InputError(f"{path.name}: 无法读取 Excel 文件: {exc}") from None
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def find_sources(data_dir: Path, tables: set[str]) -> tuple[list[SourceFile], list[Path]]:
    """Input files whose stem names a mapped table, and the files no mapping covers."""
    if not data_dir.is_dir():
        raise InputError(f"数据目录不存在: {data_dir}")
    sources, unmapped = [], []
    for path in sorted(data_dir.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SUFFIXES:
            continue
        if path.stem in tables:
            sources.append(SourceFile.open(path.stem, path))
        else:
            unmapped.append(path)
    return sources, unmapped
