"""Cell normalisation by field type (fields.normalise with a mapping's FieldSpec)."""

from __future__ import annotations

import pytest

from xiansuo.graph_loader.fields import normalise
from xiansuo.model.errors import ValueRejected
from xiansuo.model.mapping import FieldSpec

SENTENCE = FieldSpec(column="刑期月数", type="integer", min=0, max=600)
AMOUNT = FieldSpec(column="未履行金额", type="amount", min=0)
STATUS = FieldSpec(
    column="公开状态",
    type="enum",
    values=("已公开", "未公开", "已撤回"),
    aliases={"撤回": "已撤回"},
)
REGION = FieldSpec(column="区划代码", type="region_code")
PARTY = FieldSpec(column="被执行人证件号", type="party_id")
ALL_SPECS = [
    SENTENCE,
    AMOUNT,
    STATUS,
    REGION,
    PARTY,
    FieldSpec(column="姓名", type="name"),
    FieldSpec(column="立案日期", type="date"),
    FieldSpec(column="案号", type="case_number"),
    FieldSpec(column="身份证号", type="resident_id"),
    FieldSpec(column="执行依据", type="text"),
]

PUBLISHED_ID = "11010519491231002X"
PUBLISHED_USCC = "91350100M000100Y43"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("raw", ["", " ", "\t", "\u3000", " \u3000 "])
@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda spec: spec.type)
def test_empty_cell_is_unknown(spec, raw):
    assert normalise(raw, spec) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0", 0), ("600", 600), ("12", 12), (" 12 ", 12), ("１２", 12), ("12.0", 12)],
)
def test_integer_within_bounds(raw, expected):
    value = normalise(raw, SENTENCE)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize("raw", ["-1", "601", "12.5", "abc", "十二", "NaN", "12个月"])
def test_integer_out_of_bounds_or_not_an_integer_is_rejected(raw):
    with pytest.raises(ValueRejected):
        normalise(raw, SENTENCE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("1234567", 1234567),
        ("1,234,567", 1234567),
        ("1,234.50", 1234.5),
        (" 12,000.00 ", 12000),
        ("１，２３４．５", 1234.5),
    ],
)
def test_amount_with_thousands_separators(raw, expected):
    value = normalise(raw, AMOUNT)
    assert value == expected
    assert isinstance(value, int | float)  # plain numbers, storable as graph properties


@pytest.mark.parametrize("raw", ["-0.01", "-1,000", "abc", "1,2x4", "NaN", "Infinity", "一千"])
def test_bad_or_negative_amount_is_rejected(raw):
    with pytest.raises(ValueRejected):
        normalise(raw, AMOUNT)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("已公开", "已公开"), (" 未公开\u3000", "未公开"), ("已撤回", "已撤回"), ("撤回", "已撤回")],
)
def test_enum_values_and_aliases(raw, expected):
    assert normalise(raw, STATUS) == expected


@pytest.mark.parametrize("raw", ["已删除", "公开", "yes"])
def test_unknown_enum_value_names_the_column_and_the_value(raw):
    with pytest.raises(ValueRejected) as excinfo:
        normalise(raw, STATUS)
    assert STATUS.column in str(excinfo.value)
    assert raw in str(excinfo.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("510104", "510104"),
        (" 510104\u3000", "510104"),
        ("５１０１０４", "510104"),
        ("511800", "511800"),
    ],
)
def test_region_code(raw, expected):
    assert normalise(raw, REGION) == expected


@pytest.mark.parametrize("raw", ["51010", "5101041", "51O104", "川1802", "510104.5"])
def test_bad_region_code_is_rejected(raw):
    with pytest.raises(ValueRejected):
        normalise(raw, REGION)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002x", PUBLISHED_ID),
        (" 110105491231002 ", PUBLISHED_ID),
        (PUBLISHED_USCC.lower(), PUBLISHED_USCC),
        (f"\u3000{PUBLISHED_USCC}", PUBLISHED_USCC),
    ],
)
def test_party_id_is_a_resident_id_or_a_uscc(raw, expected):
    assert normalise(raw, PARTY) == expected


@pytest.mark.parametrize("raw", ["110105194912310023", "91350100M000100Y44", "张三", "12345"])
def test_invalid_party_id_is_rejected(raw):
    with pytest.raises(ValueRejected):
        normalise(raw, PARTY)


def test_all_digit_uscc_is_accepted_as_party_id():
    code = "915101040000000008"  # region 510104, organisation code 000000000
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
    assert (total + USCC_ALPHABET.index(code[17])) % 31 == 0  # valid per the contract's MOD 31
    assert normalise(code, PARTY) == code


def test_an_amount_whose_cents_cannot_be_kept_is_rejected():
    spec = FieldSpec(column="执行标的金额", type="amount", min=0)
    assert normalise("12345678.90", spec) == 12345678.9
    with pytest.raises(ValueRejected, match="小数部分无法精确保存"):
        normalise("32951082515572790.5", spec)  # a double has no bits left for the 0.5
    assert normalise("32951082515572790", spec) == 32951082515572790  # whole yuan are exact
