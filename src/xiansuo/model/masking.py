"""ID numbers and USCCs masked wherever they appear in a text shown to people.

Masking goes by value, not by column: an ID typed into a name, pushed into another column by
a ragged row, or written wrongly (17 digits, a letter O for a zero, spaces, dashes,
full-width digits, a prefix such as ``ID``) is masked as well as a canonical one.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["ID_RUN", "mask_id", "mask_ids", "mask_values"]

# Characters an ID number is written with, and those a clerk mistypes for them: digits, X,
# the letter O for zero, in ASCII or full width.
_ID_CHAR = "0-9Xx０-９ＸｘOoＯｏ"
# What may stand between two of them inside one number: a space or a dash, one at a time.
_SEPARATOR = " \u3000\u00a0\\-－‐‑"
# 15 or more such characters: a legacy or current ID, written rightly or not.
ID_RUN = re.compile(rf"[{_ID_CHAR}](?:[{_SEPARATOR}]?[{_ID_CHAR}]){{14,}}")
_USCC = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])"
)
_SEPARATORS = re.compile(rf"[{_SEPARATOR}]")
_LONGEST = 18
# A lead id (16 lowercase hex digits, one a letter at least) is no ID number.
_TOKEN = re.compile(r"[0-9A-Za-z]+")
_LEAD_ID = re.compile(r"(?=.*[a-f])[0-9a-f]{16}")


def mask_id(value: str) -> str:
    """Mask an identifier for display, keeping the first and last four characters.

    >>> mask_id("51180219800101123X")
    '5118**********123X'
    """
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def _in_lead_id(text: str, start: int, end: int) -> bool:
    for token in _TOKEN.finditer(text, max(0, start - 16), min(len(text), end + 16)):
        if token.start() <= start and end <= token.end():
            return _LEAD_ID.fullmatch(token.group()) is not None
    return False


def _mask_run(run: str) -> str:
    """One run of ID characters masked: as one number when it is no longer than one, else
    as the numbers its separators split it into (each masked, so nothing long shows)."""
    groups = _SEPARATORS.split(run)
    if sum(map(len, groups)) <= _LONGEST or len(groups) == 1:
        return mask_id("".join(groups))
    numbers, current = [], ""
    for group in groups:
        if current and len(current) + len(group) > _LONGEST:
            numbers.append(current)
            current = ""
        current += group
    return " ".join(mask_id(number) for number in [*numbers, current])


def mask_ids(text: str) -> str:
    """Every identifier in ``text`` masked (``5118**********123X``); case numbers, dates and
    lead ids stay as they are.

    >>> mask_ids("(2021)川1102执3号|51180219800101123X|2021-08-25")
    '(2021)川1102执3号|5118**********123X|2021-08-25'
    >>> mask_ids("915101077C8703EDGK；案号(2023)川1802刑初45号")
    '9151**********EDGK；案号(2023)川1802刑初45号'
    >>> mask_ids("线索 e123456789012345，张三511802198001011232")
    '线索 e123456789012345，张三5118**********1232'
    >>> mask_ids("51130219761107067 51130O197611070676 ID511302197611070676")
    '5113*********7067 5113**********0676 ID5113**********0676'
    >>> mask_ids("５１１８ ０２１９ ８００１ ０１１２ ３２，511802-19800101-1232")
    '５１１８**********１２３２，5118**********1232'
    """
    if len(text) < 15:
        return text

    text = _USCC.sub(lambda m: mask_id(m.group()), text)

    def masked(match: re.Match[str]) -> str:
        if _in_lead_id(text, match.start(), match.end()):
            return match.group()
        return _mask_run(match.group())

    return ID_RUN.sub(masked, text)


def mask_values(value: Any) -> Any:
    """Every text in ``value`` with its ID numbers masked, through lists, tuples and maps
    (a page's data, a query's rows): whatever a text is — a name, a key, an ID as written.

    >>> mask_values({"person": "51180219800101123X", "cases": ["(2024)川1802刑初1号"], "n": 2})
    {'person': '5118**********123X', 'cases': ['(2024)川1802刑初1号'], 'n': 2}
    """
    if isinstance(value, str):
        return mask_ids(value)
    if isinstance(value, list | tuple):
        return [mask_values(item) for item in value]
    if isinstance(value, dict):
        return {key: mask_values(item) for key, item in value.items()}
    return value
