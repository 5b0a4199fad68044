"""Dates as whole day numbers: the form rules compare, so no engine does date arithmetic."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

__all__ = ["EPOCH", "day_number"]

EPOCH = dt.date(1970, 1, 1)


@lru_cache(maxsize=65536)
def day_number(iso: str) -> int:
    """Whole days since 1970-01-01 (engines disagree on durations over 30 days).

    >>> day_number("1970-01-11")
    10
    """
    return (dt.date.fromisoformat(iso) - EPOCH).days
