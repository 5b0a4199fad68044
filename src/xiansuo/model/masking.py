"""ID numbers and USCCs masked wherever they appear in a text shown to people."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["mask_id", "mask_ids", "mask_values"]

# An 18-character resident ID (or a mistyped one), a legacy 15-digit one, or a USCC; never
# part of a longer run of letters and digits (a lead id is 16 hex digits; an event key joins
# its parts with "|").
_IDENTIFIER = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dX]|\d{15}|[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10})"
    r"(?![0-9A-Za-z])"
)


def mask_id(value: str) -> str:
    """Mask an identifier for display, keeping the first and last four characters.

    >>> mask_id("51180219800101123X")
    '5118**********123X'
    """
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_ids(text: str) -> str:
    """Every identifier in ``text`` masked like ``rejects.csv`` masks them.

    >>> mask_ids("(2021)川1102执3号|51180219800101123X|2021-08-25")
    '(2021)川1102执3号|5118**********123X|2021-08-25'
    >>> mask_ids("915101077C8703EDGK；案号(2023)川1802刑初45号")
    '9151**********EDGK；案号(2023)川1802刑初45号'
    >>> mask_ids("线索 e123456789012345，张三511802198001011232")
    '线索 e123456789012345，张三5118**********1232'
    """
    return _IDENTIFIER.sub(lambda m: mask_id(m.group()), text)


def mask_values(value: Any) -> Any:
    """Every text in a JSON-like value (dicts, lists, texts, numbers) with its identifiers
    masked; keys and numbers are left as they are.

    >>> mask_values({"q": "张三 511802198001011232", "n": [1, "915101077C8703EDGK"]})
    {'q': '张三 5118**********1232', 'n': [1, '9151**********EDGK']}
    """
    if isinstance(value, str):
        return mask_ids(value)
    if isinstance(value, dict):
        return {k: mask_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_values(v) for v in value]
    return value
