"""Dates (canonical ISO, day numbers) and names (whitespace, middle dots), per CONTRACT.md."""

from __future__ import annotations

import pytest

from xiansuo.graph_loader.dates import canonical_date
from xiansuo.graph_loader.names import canonical_name
from xiansuo.model.days import day_number
from xiansuo.model.errors import ValueRejected

FULLWIDTH_DIGITS = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789"})


@pytest.mark.parametrize(
    "raw",
    [
        # The five formats named in "What real exports look like".
        "2023-05-04",
        "2023/5/4",
        "2023年5月4日",
        "20230504",
        "2023.05.04",
        # Variants of them seen in exports.
        "2023/05/04",
        "2023年05月04日",
        "2023.5.4",
        "2023-05-04 00:00:00",
        "2023/5/4 0:00",
        " 2023-05-04\u3000",
        "２０２３年５月４日",
        "2023-05-04".translate(FULLWIDTH_DIGITS),
    ],
)
def test_date_formats_become_iso(raw):
    assert canonical_date(raw) == "2023-05-04"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-02-29", "2024-02-29"),
        ("2000/2/29", "2000-02-29"),
        ("20241231", "2024-12-31"),
        ("1970.1.1", "1970-01-01"),
    ],
)
def test_boundary_dates_are_kept(raw, expected):
    assert canonical_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2023-02-30",
        "2023-02-29",  # common year
        "1900-02-29",  # centuries are leap only when divisible by 400
        "2023-13-01",
        "2023-04-31",
        "2023-00-10",
        "2023-05-00",
        "20230230",
        "2023年2月30日",
        "2023.13.01",
    ],
)
def test_impossible_dates_are_rejected(raw):
    with pytest.raises(ValueRejected):
        canonical_date(raw)


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "abc", "N/A", "2023-05", "2023", "2023-05-04-06", "05/04/2023", "2023-5-4x"],
)
def test_garbage_dates_are_rejected(raw):
    with pytest.raises(ValueRejected):
        canonical_date(raw)


# Expected values are Unix timestamps of midnight UTC divided by 86400.
@pytest.mark.parametrize(
    ("iso", "days"),
    [
        ("1970-01-01", 0),
        ("1970-01-02", 1),
        ("1969-12-31", -1),
        ("2000-01-01", 10957),
        ("2000-02-29", 11016),
        ("2000-03-01", 11017),
        ("2023-02-28", 19416),
        ("2023-03-01", 19417),
        ("2024-02-28", 19781),
        ("2024-02-29", 19782),
        ("2024-03-01", 19783),
    ],
)
def test_day_number(iso, days):
    assert day_number(iso) == days


def test_day_number_of_a_canonicalised_date():
    assert day_number(canonical_date("2023年5月4日")) == 19481


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张三", "张三"),
        (" 张三 ", "张三"),
        ("\u3000张三\u3000", "张三"),
        ("张 三", "张三"),
        ("张\u3000三", "张三"),
        ("\t张  三\r\n", "张三"),
        ("买买提·艾力", "买买提·艾力"),
        ("买买提\u2022艾力", "买买提·艾力"),  # bullet
        ("买买提\u30fb艾力", "买买提·艾力"),  # katakana middle dot
        ("买买提\uff0e艾力", "买买提·艾力"),  # full-width full stop
        ("买买提\u2027艾力", "买买提·艾力"),  # hyphenation point
        ("买买提\u2219艾力", "买买提·艾力"),  # bullet operator
        (" 买买提 ・ 艾力\u3000", "买买提·艾力"),
        ("买买提\uff65艾力", "买买提·艾力"),  # half-width katakana middle dot
    ],
)
def test_canonical_name(raw, expected):
    assert canonical_name(raw) == expected
    assert canonical_name(expected) == expected
