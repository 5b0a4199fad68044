"""Small hand-written input tables for loader tests, in any encoding the contract allows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from xiansuo.graph_loader.resident_id import check_char

HEADERS = {
    "criminal_cases": ["案号", "案由", "承办法院", "区划代码", "立案日期", "判决日期", "判决生效日期"],
    "case_parties": [
        "案号", "角色", "姓名", "身份证号", "性别", "出生日期", "主刑", "刑期月数",
        "是否缓刑", "缓刑考验期月数", "认定前科", "赔偿情况",
    ],
}  # fmt: skip


def synthetic_id(region: str = "510104", born: str = "19800101", seq: int = 123) -> str:
    """A valid, obviously synthetic resident ID."""
    body = f"{region}{born}{seq:03d}"
    return body + check_char(body)


def write_table(
    folder: Path, table: str, rows: list[list[str]], *, encoding: str = "utf-8", header=None
) -> Path:
    """Write rows under the table's header as CSV in ``encoding``, or as xlsx."""
    folder.mkdir(parents=True, exist_ok=True)
    header = header or HEADERS[table]
    if encoding == "xlsx":
        path = folder / f"{table}.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        for row in [header, *rows]:
            sheet.append(row)
        book.save(path)
        return path
    path = folder / f"{table}.csv"
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *rows])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def read_rejects(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "rejects.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
