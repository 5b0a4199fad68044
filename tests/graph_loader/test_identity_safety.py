"""Identifiers that must not make a person: placeholders shared by strangers, divisions that
do not exist, and resident-ID typos that happen to pass the USCC check."""

from __future__ import annotations

import csv
import json

import pytest
from graph_loader.tables import synthetic_id, write_table
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.graph_loader import load_tables
from xiansuo.graph_loader.census import Census
from xiansuo.graph_loader.resident_id import canonical_resident_id, check_char
from xiansuo.graph_loader.resolve import PARTY, Mention, PartyIndex, Resolver
from xiansuo.graph_loader.uscc import canonical_uscc
from xiansuo.graph_loader.uscc import check_char as uscc_check
from xiansuo.model.errors import ValueRejected
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

# Checksum-valid placeholders: the reporter's (no such division), and one of a real county.
ZEROS = "000000190001010017"
PLACEHOLDER = synthetic_id(region="510104", born="19000101", seq=1)
COUNTIES = ["511802", "510104", "510105", "510106", "510107", "510108", "511102", "511302"]
NAMES = ["赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七", "王八"]


def _case(number: int, region: str) -> list[str]:
    return [f"(2023)川{region[2:]}刑初{number}号", "盗窃罪", "", region, "2023-01-05", "", ""]


def _party(case: list[str], name: str, id_no: str, role: str = "被告人") -> list[str]:
    return [case[0], role, name, id_no, "", "", "有期徒刑", "12", "否", "", "否", ""]


def _review(out) -> list[dict[str, str]]:
    with (out / "resolution_review.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _run(data, out) -> list[dict]:
    result = CliRunner().invoke(
        app, ["run", "--data", str(data), "--out", str(out), "--as-of", "2025-06-30"]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in (out / "leads.jsonl").open(encoding="utf-8")]


@pytest.mark.parametrize("placeholder", [ZEROS, PLACEHOLDER], ids=["no-division", "real-county"])
def test_a_placeholder_under_eight_names_is_nobody(placeholder, tmp_path):
    cases = [_case(i + 1, region) for i, region in enumerate(COUNTIES)]
    write_table(tmp_path / "data", "criminal_cases", cases)
    write_table(tmp_path / "data", "case_parties", [
        _party(case, name, placeholder) for case, name in zip(cases, NAMES, strict=True)
    ])  # fmt: skip
    leads = _run(tmp_path / "data", tmp_path / "out")

    assert not [lead for lead in leads if placeholder in lead["persons"]]
    report = json.loads((tmp_path / "out" / "load_report.json").read_text(encoding="utf-8"))
    parties = report["tables"]["case_parties"]
    assert parties["loaded"] == 8 and parties["matches"] == {"unresolved": 8}
    assert report["graph"]["nodes"].get("Person", 0) == 0
    review = _review(tmp_path / "out")
    unresolved = [r for r in review if r["kind"] == "unresolved"]
    assert len(unresolved) == 8
    if placeholder == PLACEHOLDER:
        assert parties["flags"] == {"generic_id": 8}
        assert all("8个不同姓名" in r["reason"] for r in unresolved)
        assert [r["kind"] for r in review].count("shared_id") == 1
    else:
        assert all("地区码无效" in r["reason"] for r in unresolved)


@pytest.mark.parametrize(
    ("names", "generic"),
    [
        (["阿依古丽·买买提", "阿依古丽买买提"], False),
        (["张三", "张叁"], False),
        (["张三", "张三丰"], False),
        (["张三", "李四"], True),
        (["张三", "章三"], True),
        (["张三", "张叁", "张山"], True),
    ],
)
def test_an_id_under_several_names_is_generic_unless_they_are_one_name(names, generic):
    census = Census()
    for name in [*names, names[0]]:
        census.add(PLACEHOLDER, name)
    assert census.is_generic(PLACEHOLDER) is generic
    resolver = Resolver(PartyIndex(), census=census)
    resolution = resolver.resolve(Mention(PLACEHOLDER, names[0]), "person")
    assert (resolution.key is None) is generic


def test_a_real_persons_id_written_with_two_spellings_stays_the_person(tmp_path):
    person = synthetic_id(region="511802", born="19800101", seq=123)
    cases = [_case(1, "511802"), _case(2, "510104")]
    write_table(tmp_path / "data", "criminal_cases", cases)
    write_table(tmp_path / "data", "case_parties", [
        _party(cases[0], "阿依古丽·买买提", person), _party(cases[1], "阿依古丽买买提", person),
    ])  # fmt: skip
    leads = _run(tmp_path / "data", tmp_path / "out")
    assert [lead["persons"] for lead in leads if lead["rule"] == "multi_region_suspect"] == [
        [person]
    ]


def test_an_organisation_under_two_names_stays_one(tmp_path, engine):
    body = "91511102MA62A0PF2"
    company = body + uscc_check(body)
    write_table(tmp_path / "data", "enforcement_cases", [
        _enforcement("(2022)川1102执1号", "某某商贸有限公司", company),
        _enforcement("(2022)川1102执2号", "某某商贸有限责任公司", company),
        _enforcement("(2022)川1102执3号", "另一家公司", company),
    ], header=ENFORCEMENT)  # fmt: skip
    report = load_tables(tmp_path / "data", engine, Vocabulary.load(), RunFolder(tmp_path / "out"))

    assert dict(report.tables["enforcement_cases"].matches) == {"exact": 3}
    shared = [r for r in _review(tmp_path / "out") if r["kind"] == "shared_id"]
    assert len(shared) == 1 and "仍认定为同一单位" in shared[0]["reason"]


@pytest.mark.parametrize("claimed", ["51130219761107067", "ID511302197611070676", "某某公司"])
def test_a_resident_id_column_never_names_an_organisation(claimed):
    body = "91511102MA62A0PF2"
    resolver = Resolver(PartyIndex())
    resolver.resolve(Mention(body + uscc_check(body), "某某公司"), "organisation")
    resolution = resolver.resolve(Mention(claimed, "某某公司"), "person")
    assert (resolution.key, resolution.label) == (None, "UnresolvedParty")
    assert resolution.reason.startswith("身份证号")


# Divisions ------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["000000", "990101", "001234", "720000"])
def test_an_id_without_a_province_is_no_resident_id(region):
    body = region + "19800101123"
    with pytest.raises(ValueRejected, match="地区码无效"):
        canonical_resident_id(body + check_char(body))


def test_suspect_divisions_are_kept_and_flagged(tmp_path, engine):
    unknown = synthetic_id(region="511899", born="19800101", seq=11)  # no such county (yet)
    abolished = synthetic_id(region="110103", born="20120101", seq=13)  # 崇文区, until 2010
    late = synthetic_id(region="510116", born="19800101", seq=15)  # 双流区 since 2015: normal
    cases = [_case(1, "511802")]
    write_table(tmp_path / "data", "criminal_cases", cases)
    write_table(tmp_path / "data", "case_parties", [
        _party(cases[0], "甲某", unknown), _party(cases[0], "乙某", abolished),
        _party(cases[0], "丙某", late), _party(cases[0], "甲某", unknown, "被害人"),
    ])  # fmt: skip
    report = load_tables(tmp_path / "data", engine, Vocabulary.load(), RunFolder(tmp_path / "out"))

    parties = report.tables["case_parties"]
    assert dict(parties.matches) == {"exact": 4}
    assert dict(parties.flags) == {"region_unknown": 2, "region_abolished": 1}
    persons = {row["id"] for row in engine.read("MATCH (p:Person) RETURN p.id_no AS id")}
    assert persons == {unknown, abolished, late}
    suspects = [r for r in _review(tmp_path / "out") if r["kind"] == "suspect_id"]
    assert [(r["row"], r["name"]) for r in suspects] == [("2", "甲某"), ("3", "乙某")]
    assert "511899" in suspects[0]["reason"] and "撤销" in suspects[1]["reason"]


# A mistyped resident ID that passes the USCC check --------------------------------------


def _typo_passing_uscc(valid: str) -> str:
    """One digit of ``valid`` changed so that the result is a structurally valid USCC."""
    for position in range(14, 18):
        for digit in sorted(set("0123456789") - {valid[position]}):
            typo = valid[:position] + digit + valid[position + 1 :]
            try:
                canonical_uscc(typo)
            except ValueRejected:
                continue
            return typo
    raise AssertionError("no such typo")  # pragma: no cover - the search space has several


def _debtor() -> tuple[str, str]:
    """A valid ID and a one-digit typo of it that passes as a USCC. 511102 (乐山市中区) makes
    the USCC's division 110219, a Beijing code, so some of its typos pass."""
    for seq in range(1, 999):
        valid = synthetic_id(region="511102", born="19920101", seq=seq)
        try:
            return valid, _typo_passing_uscc(valid)
        except AssertionError:
            continue
    raise AssertionError("no debtor")  # pragma: no cover


def _enforcement(case: str, name: str, id_no: str) -> list[str]:
    return [case, "", "", "511102", "", name, id_no, "2022-01-01", "2023-01-01", "终结本次执行程序",
            "1000", "1000"]  # fmt: skip


COMPLETIONS = ["执行案号", "原执行案号", "被执行人证件号", "履行完毕日期"]
DISCLOSURES = [
    "执行案号",
    "被执行人",
    "被执行人证件号",
    "终本日期",
    "未履行金额",
    "公开状态",
    "公开日期",
]
ENFORCEMENT = ["执行案号", "执行依据", "执行法院", "区划代码", "申请执行人", "被执行人",
               "被执行人证件号", "立案日期", "结案日期", "结案方式", "执行标的金额", "未履行金额"]  # fmt: skip


def test_a_resident_id_typo_passing_the_uscc_check_is_the_persons(tmp_path):
    valid, typo = _debtor()
    assert canonical_uscc(typo) == typo  # the premise: as a USCC it is valid
    cases = [_case(1, "511102")]
    write_table(tmp_path / "data", "criminal_cases", cases)
    write_table(tmp_path / "data", "case_parties", [_party(cases[0], "刘某", valid)])
    write_table(tmp_path / "data", "enforcement_cases", [
        _enforcement("(2022)川1102执1号", "刘某", typo),
        _enforcement("(2022)川1102执2号", "某某商贸有限公司", typo),
    ], header=ENFORCEMENT)  # fmt: skip
    # The rule reads completions and disclosures too (its tables): loaded, and empty.
    write_table(tmp_path / "data", "enforcement_completions", [], header=COMPLETIONS)
    write_table(tmp_path / "data", "terminated_disclosures", [], header=DISCLOSURES)
    leads = _run(tmp_path / "data", tmp_path / "out")

    undisclosed = {
        lead["cases"][0]: lead["persons"] for lead in leads
        if lead["rule"] == "terminated_not_disclosed"
    }  # fmt: skip
    # The person's typo names the person; with another name the value is taken as the USCC.
    assert undisclosed == {"(2022)川1102执1号": [valid], "(2022)川1102执2号": [typo]}
    report = json.loads((tmp_path / "out" / "load_report.json").read_text(encoding="utf-8"))
    assert report["tables"]["enforcement_cases"]["matches"] == {"id_typo": 1, "exact": 1}


def test_a_value_without_a_resident_ids_shape_stays_an_organisation():
    person = synthetic_id(region="511102", born="19920101", seq=1)
    resolver = Resolver(PartyIndex())
    resolver.resolve(Mention(person, "刘某"), "person")
    body = "91511102MA62A0PF2"
    company = body + uscc_check(body)
    resolution = resolver.resolve(Mention(company, "刘某"), PARTY)
    assert (resolution.key, resolution.label) == (company, "Organization")


@pytest.mark.parametrize(
    ("first17", "why"),
    [
        ("01511102MA62A0PF2", "登记管理部门代码"),  # no authority 0
        ("94511102MA62A0PF2", "机构类别代码"),  # the market regulator registers kinds 1-3
        ("91001102MA62A0PF2", "区划码"),  # no province 00
        ("91991102MA62A0PF2", "区划码"),
    ],
)
def test_a_uscc_needs_an_authority_a_kind_and_a_division(first17, why):
    with pytest.raises(ValueRejected, match=why):
        canonical_uscc(first17 + uscc_check(first17))
