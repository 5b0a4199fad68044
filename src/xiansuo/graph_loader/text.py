"""Cell text as clerks type it, folded: full-width forms and every kind of space removed."""

from __future__ import annotations

import unicodedata

__all__ = ["compact", "compact_id"]


def compact(raw: str) -> str:
    """NFKC-folded (full-width digits, letters and brackets to ASCII), with no spaces at all.

    >>> compact(" ５１０１ ０４x　")
    '510104x'
    """
    if raw.isascii():  # NFKC leaves ASCII as it is; most cells are ASCII, so skip it
        return "".join(raw.split())
    return "".join(unicodedata.normalize("NFKC", raw).split())


def compact_id(raw: str) -> str:
    """An identifier as written, without spaces, full-width forms or lowercase.

    >>> compact_id(" ５１０１ ０４x ")
    '510104X'
    """
    return compact(raw).upper()
