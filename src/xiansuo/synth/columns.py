"""Vectorised building blocks for text columns: day numbers, dates, numbers, choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

__all__ = [
    "NONE",
    "SD",
    "choose",
    "day",
    "iso",
    "join",
    "months_later",
    "number",
    "strings",
    "year_of",
]

SD = np.dtypes.StringDType()
# Day numbers (days since 1970-01-01) and amounts use this for "no value" → empty cell.
NONE = np.iinfo(np.int64).min
_EPOCH = np.datetime64("1970-01-01", "D")


def day(value: dt.date) -> int:
    """Day number of a date."""
    return (value - dt.date(1970, 1, 1)).days


def iso(days: np.ndarray) -> np.ndarray:
    """ISO dates for day numbers, empty where NONE."""
    days = np.asarray(days, dtype=np.int64)
    missing = days == NONE
    text = (_EPOCH + np.where(missing, 0, days).astype("timedelta64[D]")).astype(SD)
    return np.where(missing, "", text).astype(SD)


def year_of(days: np.ndarray) -> np.ndarray:
    """Calendar year of day numbers."""
    dates = _EPOCH + np.asarray(days, dtype=np.int64).astype("timedelta64[D]")
    return dates.astype("datetime64[Y]").astype(np.int64) + 1970


def months_later(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The day before the same day-of-month ``months`` later: the end of a term of months."""
    start = _EPOCH + np.asarray(days, dtype=np.int64).astype("timedelta64[D]")
    month0 = start.astype("datetime64[M]")
    offset = start - month0.astype("datetime64[D]")
    target = month0 + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    # Clamp 31 Jan + 1 month to the end of February.
    length = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype(
        "datetime64[D]"
    )
    end = target.astype("datetime64[D]") + np.minimum(offset, length - np.timedelta64(1, "D"))
    return (end - _EPOCH).astype(np.int64) - 1


def number(values: np.ndarray) -> np.ndarray:
    """Decimal text for integers, empty where NONE."""
    values = np.asarray(values, dtype=np.int64)
    missing = values == NONE
    return np.where(missing, "", np.where(missing, 0, values).astype(SD)).astype(SD)


def strings(values: Sequence[str] | np.ndarray) -> np.ndarray:
    """A text column from any sequence of str."""
    return np.asarray(values, dtype=SD)


def choose(
    rng: np.random.Generator,
    options: Sequence[str],
    weights: Sequence[float] | np.ndarray,
    n: int,
) -> np.ndarray:
    """``n`` draws from ``options`` with the given relative weights, as a text column."""
    p = np.asarray(weights, dtype=float)
    return strings(options)[rng.choice(len(options), size=n, p=p / p.sum())]


def join(*parts: np.ndarray | str) -> np.ndarray:
    """Element-wise concatenation of text columns and constant strings."""
    out: np.ndarray | str = parts[0]
    for part in parts[1:]:
        out = np.strings.add(out, part)
    return np.asarray(out, dtype=SD)
