"""Values the loader used to lose or change without a word: each is now a rejection naming
file, row and column, or a stop naming the file before anything is written."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from graph_loader.tables import HEADERS, read_rejects, synthetic_id, write_table
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.graph_loader import load_tables
from xiansuo.model.errors import InputError
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

CASE = "(2023)川1802刑初1号"
PERSON = synthetic_id(region="511802", born="19800101", seq=123)
OTHER = synthetic_id(region="510104", born="19900305", seq=456)
CASES = [[CASE, "盗窃罪", "", "511802", "2023-01-05", "", ""]]


def _party(name: str = "甲某", id_no: str = PERSON, months: str = "12", paid: str = "") -> list:
    return [CASE, "被告人", name, id_no, "男", "", "有期徒刑", months, "否", "", "否", paid]


def _load(data, engine, out):
    return load_tables(data, engine, Vocabulary.load(), RunFolder(out))


def _stops(data, engine, out, pattern: str) -> None:
    """The load stops with a message matching ``pattern`` and has written nothing."""
    with pytest.raises(InputError, match=pattern):
        _load(data, engine, out)
    assert not out.exists()
    assert engine.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


# Stops ----------------------------------------------------------------------------------


def test_one_table_in_two_files_stops_naming_both(tmp_path, engine):
    write_table(tmp_path / "data", "criminal_cases", CASES)
    write_table(tmp_path / "data", "criminal_cases", CASES, encoding="xlsx")
    write_table(tmp_path / "data", "case_parties", [_party()])
    _stops(tmp_path / "data", engine, tmp_path / "out",
           r"criminal_cases\.csv、criminal_cases\.xlsx.*只能有一个文件")  # fmt: skip


def test_the_command_says_so_without_a_traceback(tmp_path):
    write_table(tmp_path / "data", "criminal_cases", CASES)
    write_table(tmp_path / "data", "criminal_cases", CASES, encoding="xlsx")
    result = CliRunner().invoke(app, ["load", str(tmp_path / "data"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "criminal_cases.xlsx" in result.output and "Traceback" not in result.output


def test_a_duplicate_header_stops_naming_both_columns(tmp_path, engine):
    header = [*HEADERS["case_parties"], "身份证号"]
    write_table(tmp_path / "data", "case_parties", [[*_party(), OTHER]], header=header)
    _stops(tmp_path / "data", engine, tmp_path / "out",
           r"case_parties\.csv: 表头第4列和第13列都是 '身份证号'")  # fmt: skip


def test_data_on_a_second_sheet_stops(tmp_path, engine):
    path = write_table(tmp_path / "data", "case_parties", [_party()], encoding="xlsx")
    book = openpyxl.load_workbook(path)
    book.create_sheet("第二页").append(HEADERS["case_parties"])
    book.save(path)
    _stops(tmp_path / "data", engine, tmp_path / "out", r"case_parties\.xlsx: 工作表 '第二页'")


def test_an_empty_second_sheet_is_no_data(tmp_path, engine):
    path = write_table(tmp_path / "data", "case_parties", [_party()], encoding="xlsx")
    book = openpyxl.load_workbook(path)
    book.create_sheet("Sheet2")
    book.save(path)
    write_table(tmp_path / "data", "criminal_cases", CASES)
    assert _load(tmp_path / "data", engine, tmp_path / "out").tables["case_parties"].loaded == 1


@pytest.mark.parametrize("kind", ["broken-link", "folder"])
def test_something_named_like_a_table_that_is_no_file_stops(kind, tmp_path, engine):
    write_table(tmp_path / "data", "criminal_cases", CASES)
    target = tmp_path / "data" / "case_parties.csv"
    if kind == "broken-link":
        target.symlink_to(tmp_path / "gone.csv")
    else:
        target.mkdir()
    _stops(tmp_path / "data", engine, tmp_path / "out", r"case_parties\.csv: (失效的链接|不是文件)")


# Rejections -----------------------------------------------------------------------------


def _rejects(out) -> dict[str, dict[str, str]]:
    return {r["row"]: r for r in read_rejects(out)}


def test_formulas_without_a_saved_result_reject_their_row(tmp_path, engine):
    path = write_table(tmp_path / "data", "case_parties", [
        _party(id_no='=CONCATENATE("5118","02198001011230")'),
        _party(name="乙某", id_no=OTHER, months="=6*2"),
        _party(name="丙某", id_no=synthetic_id(seq=125), months="=3*4"),
    ], encoding="xlsx")  # fmt: skip
    # A workbook saved by Excel keeps each formula's result: give the last one its value.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, found = re.subn(r"(<c r=\"H4\"[^>]*><f>3\*4</f>)<v ?/>", r"\1<v>12</v>", sheet)
    assert found == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    write_table(tmp_path / "data", "criminal_cases", CASES)
    report = _load(tmp_path / "data", engine, tmp_path / "out")

    rejects = _rejects(tmp_path / "out")
    assert set(rejects) == {"2", "3"}
    assert rejects["2"]["column"] == "身份证号" and "CONCATENATE" in rejects["2"]["reason"]
    assert rejects["3"]["column"] == "刑期月数" and "没有保存它的计算结果" in rejects["3"]["reason"]
    assert report.tables["case_parties"].loaded == 1
    months = engine.read("MATCH ()-[r:PARTY_IN]->() RETURN r.sentence_months AS m")
    assert months == [{"m": 12}]


def _enforcement(target: str) -> list[str]:
    return ["(2022)川1802执1号", "", "", "511802", "", "甲某", PERSON, "2022-01-01", "", "",
            target, ""]  # fmt: skip


ENFORCEMENT = ["执行案号", "执行依据", "执行法院", "区划代码", "申请执行人", "被执行人",
               "被执行人证件号", "立案日期", "结案日期", "结案方式", "执行标的金额", "未履行金额"]  # fmt: skip


@pytest.mark.parametrize("target", ["9223372036854775808", "1e30", "99999999999999999999元"])
def test_an_amount_beyond_64_bits_is_rejected_not_clamped(target, tmp_path, engine):
    write_table(tmp_path / "data", "enforcement_cases", [_enforcement(target)],
                header=ENFORCEMENT)  # fmt: skip
    _load(tmp_path / "data", engine, tmp_path / "out")
    reject = _rejects(tmp_path / "out")["2"]
    assert reject["column"] == "执行标的金额"
    assert "超出" in reject["reason"]
    assert engine.read("MATCH (c:Case) RETURN count(c) AS n") == [{"n": 0}]


def test_the_largest_64_bit_amount_still_loads(tmp_path, engine):
    write_table(tmp_path / "data", "enforcement_cases", [_enforcement(str(2**63 - 1))],
                header=ENFORCEMENT)  # fmt: skip
    _load(tmp_path / "data", engine, tmp_path / "out")
    rows = engine.read("MATCH (c:Case) RETURN c.target_amount AS amount")
    assert rows == [{"amount": 2**63 - 1}]


@pytest.mark.parametrize(
    "case_no",
    ["(2023)川1802刑初<svg/onload=…>1号", "(2023)川1802刑初a1号", "(2023)川1802<刑初>1号",
     "(0000)川1802刑初1号", "(2023)川1802刑初123456789012345678号"],
)  # fmt: skip
def test_a_case_number_with_foreign_characters_is_rejected(case_no, tmp_path, engine):
    write_table(tmp_path / "data", "criminal_cases", [[case_no, *CASES[0][1:]]])
    _load(tmp_path / "data", engine, tmp_path / "out")
    assert _rejects(tmp_path / "out")["2"]["column"] == "案号"
    assert engine.read("MATCH (c:Case) RETURN count(c) AS n") == [{"n": 0}]


@pytest.mark.parametrize("column", [2, 11, 12], ids=["name", "paid", "past-the-header"])
def test_a_nul_byte_rejects_its_row_naming_the_column(column, tmp_path, engine):
    row = _party()
    if column < len(row):
        row[column] = row[column] + "\x00x"
    else:
        row.append("\x00")
    write_table(tmp_path / "data", "criminal_cases", CASES)
    write_table(tmp_path / "data", "case_parties", [row, _party(name="乙某", id_no=OTHER)])
    report = _load(tmp_path / "data", engine, tmp_path / "out")

    reject = _rejects(tmp_path / "out")["2"]
    name = (HEADERS["case_parties"] + ["第13列"])[column]
    assert reject["column"] == name and "U+0000" in reject["reason"]
    assert report.tables["case_parties"].loaded == 1  # the rest of the batch loads


@pytest.mark.parametrize("size", [70_000, 300_000], ids=["over-the-cell-limit", "over-csv's"])
def test_an_oversized_cell_rejects_its_row(size, tmp_path, engine):
    write_table(tmp_path / "data", "criminal_cases", CASES)
    write_table(tmp_path / "data", "case_parties", [
        _party(name="甲" * size), _party(name="乙某", id_no=OTHER),
    ])  # fmt: skip
    report = _load(tmp_path / "data", engine, tmp_path / "out")

    reject = _rejects(tmp_path / "out")["2"]
    assert reject["column"] == "姓名" and f"{size}个字符" in reject["reason"]
    assert len(reject["raw"]) < 2000  # the source keeps the cell; the file stays readable
    assert report.tables["case_parties"].loaded == 1
