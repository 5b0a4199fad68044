"""Unified social credit codes (GB 32100): structure, check character and canonical form.

A USCC is the registering authority (1st character), the kind of organisation it registers
(2nd), the authority's division code (3rd–8th, GB/T 2260), the organisation code and a MOD
31 check character. About one mistyped 18-digit resident ID in 31 passes the check by
chance; the structure rules most of them out.
"""

from __future__ import annotations

from operator import mul

from xiansuo.graph_loader.divisions import is_province, region_flag
from xiansuo.graph_loader.text import compact_id
from xiansuo.model.errors import ValueRejected

__all__ = ["ALPHABET", "REGION_FLAG", "canonical_uscc", "check_char", "uscc_flag"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
# Registering authority → the organisation kinds it registers (GB 32100-2015, annex A).
_KINDS = {
    "1": "1239", "2": "19", "3": "1234569", "4": "19", "5": "1239", "6": "129", "7": "129",
    "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1",
}  # fmt: skip
REGION_FLAG = "uscc_region_unknown"


def check_char(first17: str) -> str:
    """Return the MOD 31 check character of the first 17 characters.

    >>> check_char("91350100M000100Y4")
    '3'
    """
    if len(first17) != len(_WEIGHTS):
        raise ValueError("check_char takes exactly 17 characters")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), _WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def canonical_uscc(raw: str) -> str:
    """Return the canonical (uppercase) USCC or raise ValueRejected with the reason."""
    text = compact_id(raw)
    if len(text) != 18:
        raise ValueRejected(f"统一社会信用代码位数错误（{len(text)}位）")
    if not _VALUE.keys() >= set(text):
        raise ValueRejected("统一社会信用代码含非法字符")
    if check_char(text[:17]) != text[17]:
        raise ValueRejected("统一社会信用代码校验位错误")
    if text[0] not in _KINDS:
        raise ValueRejected(f"统一社会信用代码登记管理部门代码无效（{text[0]}）")
    if text[1] not in _KINDS[text[0]]:
        raise ValueRejected(f"统一社会信用代码机构类别代码无效（{text[:2]}）")
    if not text[2:8].isdigit() or not is_province(text[2:8]):
        raise ValueRejected(f"统一社会信用代码登记机关区划码无效（{text[2:8]}）")
    return text


def uscc_flag(canonical: str) -> str:
    """Why a valid USCC is suspect ("" if not): its division code unknown to the database.

    >>> uscc_flag("91511802MA62A0PF2Y"), uscc_flag("91511899MA62A0PF2F")
    ('', 'uscc_region_unknown')
    """
    return REGION_FLAG if region_flag(canonical[2:8]) else ""
