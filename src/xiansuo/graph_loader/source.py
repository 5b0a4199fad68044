"""Input files: find each table's one file, detect its encoding, stream its rows."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from xiansuo.graph_loader.cells import CELL_LIMIT, UncomputedFormula
from xiansuo.model.errors import InputError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = ["SUFFIXES", "SourceFile", "detect_encoding", "find_sources"]

SUFFIXES = (".csv", ".xlsx")
_BLOCK = 1 << 20
# Tried in order with strict decoding: UTF-8 first because GB18030 accepts most byte strings.
_CANDIDATES = ("utf-8", "gb18030")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# The csv module stops a file at a cell over 128 KiB; an oversized cell must only reject its
# row (cells.CELL_LIMIT), so the reader's own limit is far above that.
csv.field_size_limit(max(csv.field_size_limit(), 256 * CELL_LIMIT))


def detect_encoding(path: Path) -> str:
    """Return the codec that decodes the whole file strictly: BOM, then UTF-8, then GB18030."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise InputError(f"{path.name}: 无法打开文件（{exc.strerror}）") from None
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
    """One input file of a table; rows are numbered as a spreadsheet shows them (header = 1).

    A spreadsheet is read from its first sheet; ``uncomputed`` holds the (row, column) of
    its formulas saved without a result (their cells are ``UncomputedFormula``).
    """

    table: str
    path: Path
    encoding: str
    uncomputed: dict[tuple[int, int], str] = field(default_factory=dict, compare=False)

    @classmethod
    def open(cls, table: str, path: Path) -> SourceFile:
        """A source whose encoding has been detected ("xlsx" for spreadsheets); a workbook
        with data on another sheet than the first is refused."""
        if path.suffix.lower() != ".xlsx":
            return cls(table, path, detect_encoding(path))
        return cls(table, path, "xlsx", _check_workbook(path))

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
            yield from _xlsx_rows(self.path, self.uncomputed)
            return
        with self.path.open(encoding=self.encoding, newline="") as handle:
            try:
                yield from csv.reader(handle)
            except (csv.Error, UnicodeDecodeError) as exc:
                raise InputError(f"{self.path.name}: 无法读取 CSV: {exc}") from None


def _workbook(path: Path) -> Workbook:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise InputError(f"{path.name}: 无法读取 Excel 文件: {exc}") from None


def _check_workbook(path: Path) -> dict[tuple[int, int], str]:
    """Refuse data beyond the first sheet; the first sheet's formulas without a result."""
    book = _workbook(path)
    try:
        for sheet in book.worksheets[1:]:
            if any(v not in (None, "") for row in sheet.iter_rows(values_only=True) for v in row):
                raise InputError(
                    f"{path.name}: 工作表 '{sheet.title}' 也有数据，但只读取第一个工作表"
                    f" '{book.worksheets[0].title}'；请把其他工作表另存为单独的文件（每个表一个"
                    "文件）或删除后再导入"
                )
        # openpyxl gives None both for an empty cell and for a formula never computed.
        sheet_path = getattr(book.worksheets[0], "_worksheet_path", None)
    finally:
        book.close()
    return _uncomputed_formulas(path, sheet_path) if sheet_path else {}


def _uncomputed_formulas(path: Path, sheet_path: str) -> dict[tuple[int, int], str]:
    """(row, column) → formula of the cells holding a formula and no saved value."""
    found: dict[tuple[int, int], str] = {}
    row = column = 0
    try:
        with zipfile.ZipFile(path) as archive:
            if not _has_formulas(archive, sheet_path):
                return found
            with archive.open(sheet_path) as xml:
                for event, element in ElementTree.iterparse(xml, events=("start", "end")):
                    tag = element.tag.rpartition("}")[2]
                    if event == "start" and tag == "row":
                        row = int(element.get("r") or row + 1)
                        column = 0
                    elif event == "end" and tag == "c":
                        column = _column(element.get("r")) or column + 1
                        children = {child.tag.rpartition("}")[2]: child for child in element}
                        if "f" in children and not _has_result(element, children.get("v")):
                            # A shared formula's later cells only point at the first one.
                            found[(row, column)] = children["f"].text or "…"
                        element.clear()
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise InputError(f"{path.name}: 无法读取 Excel 文件: {exc}") from None
    return found


def _has_result(cell: ElementTree.Element, value: ElementTree.Element | None) -> bool:
    """Whether a formula cell holds its result: a value, or an empty text result (t="str");
    writers that never compute (openpyxl, scripts) leave the value out or empty."""
    if value is None:
        return False
    return bool(value.text) or cell.get("t") == "str"


def _has_formulas(archive: zipfile.ZipFile, sheet_path: str) -> bool:
    """Whether the sheet's XML has a formula element at all (most exports have none)."""
    tail = b""
    with archive.open(sheet_path) as xml:
        while block := xml.read(_BLOCK):
            if _FORMULA.search(tail + block):
                return True
            tail = block[-16:]
    return False


def _column(reference: str | None) -> int:
    """The column number of a cell reference (``AB12`` → 28), 0 without one."""
    number = 0
    for char in reference or "":
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number


def _xlsx_rows(path: Path, uncomputed: dict[tuple[int, int], str]) -> Iterator[list[str]]:
    by_row: dict[int, dict[int, str]] = defaultdict(dict)
    for (row, column), formula in uncomputed.items():
        by_row[row][column] = formula
    book = _workbook(path)
    try:
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
            cells = [_cell_text(value) for value in values]
            for column, formula in by_row.get(number, {}).items():
                if column <= len(cells) and not cells[column - 1]:
                    cells[column - 1] = UncomputedFormula(formula)
            yield cells
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
    """Input files whose stem names a mapped table, and the files no mapping covers.

    A table has one file: two (``criminal_cases.csv`` and ``criminal_cases.xlsx``) would
    load its rows twice, so they stop the load naming both; so does anything named like a
    table that is not a readable file (a broken link, a folder).
    """
    if not data_dir.is_dir():
        raise InputError(f"数据目录不存在: {data_dir}")
    found: dict[str, list[Path]] = defaultdict(list)
    unmapped = []
    for path in sorted(data_dir.iterdir()):
        if path.suffix.lower() not in SUFFIXES:
            continue
        if path.stem not in tables:
            if path.is_file():
                unmapped.append(path)
            continue
        if not path.is_file():
            what = "失效的链接" if path.is_symlink() else "不是文件"
            raise InputError(
                f"{path.name}: {what}，无法读取表 {path.stem}；请换成该表的导出文件或移走"
            )
        found[path.stem].append(path)
    for table, paths in found.items():
        if len(paths) > 1:
            names = "、".join(p.name for p in paths)
            raise InputError(
                f"表 {table} 有{len(paths)}个文件（{names}），其中的行会重复载入；每个表只能有一个"
                "文件，请只保留一个"
            )
    sources = [SourceFile.open(table, paths[0]) for table, paths in sorted(found.items())]
    return sources, unmapped
