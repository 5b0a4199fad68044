"""The same tables as UTF-8, UTF-8 with BOM, GBK/GB18030 or XLSX load into the same graph."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from conftest import graph_dump

from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_tables
from xiansuo.graph_loader.source import detect_encoding
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

CONVERSIONS = {
    "criminal_cases": "gbk",
    "case_parties": "utf-8-sig",
    "low_income": "gb18030",
    "regions": "xlsx",
    "community_corrections": "xlsx",
}


def _convert(source, target, encoding):
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if encoding == "xlsx":
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in rows:
            sheet.append(row)
        book.save(target.with_suffix(".xlsx"))
    else:
        with target.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows(rows)


def test_every_encoding_gives_the_same_graph(sample_dir, tmp_path):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for path in sample_dir.glob("*.csv"):
        _convert(path, mixed / path.name, CONVERSIONS.get(path.stem, "utf-8"))

    dumps, reports = [], []
    for name, folder in (("plain", sample_dir), ("mixed", mixed)):
        with FalkorEngine(tmp_path / name / "g.db") as engine:
            reports.append(
                load_tables(folder, engine, Vocabulary.load(), RunFolder(tmp_path / name))
            )
            dumps.append(graph_dump(engine, ignore=("src_file",)))

    assert dumps[0] == dumps[1]
    encodings = {t: r.encodings for t, r in reports[1].tables.items()}
    assert encodings["criminal_cases"] == ["gb18030"]
    assert encodings["case_parties"] == ["utf-8-sig"]
    assert encodings["regions"] == ["xlsx"]
    assert reports[0].tables["enforcement_cases"].encodings == ["utf-8-sig"]  # sample's BOM
    assert encodings["dishonest_list"] == ["utf-8"]
    assert reports[1].totals.rejected == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("案号,姓名\n(2023)川1802刑初1号,张三\n".encode(), "utf-8"),
        ("案号,姓名\n(2023)川1802刑初1号,张三\n".encode("utf-8-sig"), "utf-8-sig"),
        ("案号,姓名\n(2023)川1802刑初1号,张三\n".encode("gbk"), "gb18030"),
        ("案号,姓名\n(2023)川1802刑初1号,张三\n".encode("utf-16"), "utf-16"),
    ],
)
def test_encoding_is_detected_from_the_bytes(tmp_path, data, expected):
    path = tmp_path / "table.csv"
    path.write_bytes(data)
    assert detect_encoding(path) == expected
