"""Resident ID numbers (GB 11643): division, birth date, check character, 15→18 upgrade."""

from __future__ import annotations

import datetime as dt
from operator import mul

from xiansuo.graph_loader.divisions import UNKNOWN, is_province, region_flag
from xiansuo.graph_loader.text import compact_id
from xiansuo.model.errors import ValueRejected

__all__ = [
    "canonical_resident_id", "check_char", "has_resident_shape", "is_resident_id",
    "looks_like_resident_id", "resident_id_flag",
]  # fmt: skip

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Read once: a load runs for minutes, and "born in the future" only needs day accuracy.
_TODAY = dt.date.today()


def check_char(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character of the first 17 digits.

    >>> check_char("11010519491231002")
    'X'
    """
    if len(first17) != len(_WEIGHTS):
        raise ValueError("check_char takes exactly 17 digits")
    return _CHECK[sum(map(mul, map(int, first17), _WEIGHTS)) % 11]


def _digits(text: str) -> bool:
    # str.isdigit alone accepts other scripts' digits (Arabic-Indic, …), never canonical here.
    return text.isascii() and text.isdigit()


def looks_like_resident_id(raw: str) -> bool:
    """Whether a party identifier is meant as a resident ID (digits, maybe a final X)."""
    text = compact_id(raw)
    return len(text) in (15, 18) and _digits(text[:-1]) and (_digits(text[-1]) or text[-1] == "X")


def is_resident_id(text: str) -> bool:
    """Whether ``text`` is a valid resident ID in any accepted form."""
    try:
        canonical_resident_id(text)
    except ValueRejected:
        return False
    return True


def canonical_resident_id(raw: str) -> str:
    """Return the canonical 18-character ID or raise ValueRejected with a clerk's reason.

    >>> canonical_resident_id(" 110105 19491231 002x ")
    '11010519491231002X'
    >>> canonical_resident_id("110105491231002")
    '11010519491231002X'
    """
    text = compact_id(raw)
    if len(text) == 15:
        if not _digits(text):
            raise ValueRejected("身份证号含非法字符")
        _birth_date(text[6:8], text[8:10], text[10:12], century="19")
        _province(text)
        body = text[:6] + "19" + text[6:]
        return body + check_char(body)
    if len(text) != 18:
        raise ValueRejected(f"身份证号位数错误（{len(text)}位）")
    if not _digits(text[:17]) or not (_digits(text[17]) or text[17] == "X"):
        raise ValueRejected("身份证号含非法字符")
    _birth_date(text[6:10], text[10:12], text[12:14])
    if check_char(text[:17]) != text[17]:
        raise ValueRejected("身份证号校验位错误")
    _province(text)
    return text


def _province(text: str) -> None:
    # A placeholder such as 000000… or 990101… has no province; no database can be behind.
    if not is_province(text[:6]):
        raise ValueRejected(f"身份证号地区码无效（{text[:6]}）")


def resident_id_flag(canonical: str) -> str:
    """Why a valid ID is suspect ("" if not): its division unknown to the database, or
    abolished before the birth year (see ``divisions``)."""
    return region_flag(canonical[:6], int(canonical[6:10]))


def has_resident_shape(text: str) -> bool:
    """Whether a compacted 18-character value reads as a resident ID but for its check
    character: digits, a known division and a valid birth date.

    >>> has_resident_shape("511802199001011230"), has_resident_shape("91511802MA62A0PF2Y")
    (True, False)
    """
    if len(text) != 18 or not looks_like_resident_id(text) or not is_province(text[:6]):
        return False
    try:
        _birth_date(text[6:10], text[10:12], text[12:14])
    except ValueRejected:
        return False
    return region_flag(text[:6]) != UNKNOWN


def _birth_date(year: str, month: str, day: str, century: str = "") -> dt.date:
    try:
        born = dt.date(int(century + year), int(month), int(day))
    except ValueError:
        raise ValueRejected("身份证号出生日期无效") from None
    if born.year < 1900 or born > _TODAY:
        raise ValueRejected("身份证号出生日期无效")
    return born
