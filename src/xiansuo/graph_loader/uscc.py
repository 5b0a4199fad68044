"""Unified social credit codes (GB 32100): check character and canonical form."""

from __future__ import annotations

from operator import mul

from xiansuo.graph_loader.text import compact_id
from xiansuo.model.errors import ValueRejected

__all__ = ["ALPHABET", "canonical_uscc", "check_char"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


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
    return text
