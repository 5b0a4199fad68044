"""Case numbers (案号): canonical form and the region implied by the court code (CONTRACT.md)."""

from __future__ import annotations

import pytest

from xiansuo.graph_loader.case_number import CaseNumber, canonical_case_number, court_region
from xiansuo.model.errors import ValueRejected

BASIC = "(2023)川1802刑初45号"
FULLWIDTH_DIGITS = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (BASIC, BASIC),
        ("（2023）川1802刑初45号", BASIC),
        ("〔2023〕川1802刑初45号", BASIC),
        (" (2023) 川 1802 刑初 45 号 ", BASIC),
        ("\u3000（2023）川1802\u3000刑初45号\u3000", BASIC),
        ("（2023）川1802刑初45号".translate(FULLWIDTH_DIGITS), BASIC),
        ("〔 2023 〕川1802刑初45号".translate(FULLWIDTH_DIGITS), BASIC),
        ("（2023）川18刑终2号", "(2023)川18刑终2号"),
        ("〔2021〕川18执恢3号", "(2021)川18执恢3号"),
        ("（2022）川1802执恢 12 号", "(2022)川1802执恢12号"),
        ("(2020)川0104执1号", "(2020)川0104执1号"),
    ],
)
def test_canonical_case_number(raw, expected):
    assert canonical_case_number(raw) == expected
    assert canonical_case_number(expected) == expected  # canonical form is a fixed point


@pytest.mark.parametrize(
    ("case_number", "region"),
    [
        (BASIC, "511802"),  # basic court: province + last four digits of the county code
        ("(2023)川18刑终2号", "511800"),  # intermediate court: province + two digits
        ("(2021)川18执恢3号", "511800"),
        ("(2020)川0104执1号", "510104"),
        ("(2023)京01刑初7号", "110100"),
        ("(2023)粤0305民初7号", "440305"),
    ],
)
def test_court_region_from_court_code(case_number, region):
    assert court_region(case_number) == region
    assert court_region(canonical_case_number(case_number)) == region


def test_restored_enforcement_case_number_parts():
    restored = CaseNumber(year=2021, province="川", court_digits="18", case_type="执恢", sequence=3)
    assert str(restored) == "(2021)川18执恢3号"
    assert restored.region == "511800"
    assert canonical_case_number("〔2021〕川 18 执恢 3 号") == str(restored)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "不是案号",
        "川1802刑初45号",  # no year
        "2023川1802刑初45号",  # year without brackets
        "(23)川1802刑初45号",  # two-digit year
        "(2023)川1802刑初号",  # no sequence number
        "(2023)川1802刑初45",  # no 号
        "(2023)川1802刑初45号附",  # trailing text
        "(2023)川180刑初45号",  # three-digit court code
        "(2023)1802刑初45号",  # no province
    ],
)
def test_unparseable_case_number_is_rejected(raw):
    with pytest.raises(ValueRejected, match="案号"):
        canonical_case_number(raw)
