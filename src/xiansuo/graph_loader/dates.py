"""Dates in the formats government exports use, to ISO strings."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from xiansuo.model.errors import ValueRejected

__all__ = ["canonical_date"]

_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Spreadsheet exports append a midnight time to pure dates.
_MIDNIGHT = re.compile(r"[T\s]+0{1,2}:00(:00(\.0+)?)?$")


@lru_cache(maxsize=65536)
def canonical_date(raw: str) -> str:
    """Return the ISO date (YYYY-MM-DD) or raise ValueRejected.

    >>> [canonical_date(s) for s in ("2023/5/4", "2023年5月4日", "20230504", "2023.05.04")]
    ['2023-05-04', '2023-05-04', '2023-05-04', '2023-05-04']
    """
    text = _MIDNIGHT.sub("", unicodedata.normalize("NFKC", raw).strip())
    match = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if match is None:
        raise ValueRejected(f"日期格式无法识别 '{raw.strip()}'")
    try:
        value = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueRejected(f"日期不存在 '{raw.strip()}'") from None
    if value.year < 1900 or value.year > 2100:
        raise ValueRejected(f"日期超出合理范围 '{raw.strip()}'")
    return value.isoformat()
