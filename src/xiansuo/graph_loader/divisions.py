"""Administrative division codes (GB/T 2260) in identifiers, from python-stdnum's history.

python-stdnum ships the codes with the years each was in use (``stdnum/cn/loc.dat``). A
resident ID's first six digits are the division of first registration and a USCC's third to
eighth the registering authority's. A province that does not exist makes the value no such
identifier; a code the database does not know, or one it says was abolished before the
person was born, is only suspect: the database can be older than an export (a division
created since) or wrong, so such a value is kept and flagged for review, never rejected.
A code created after the birth year is normal (the first ID card comes years after birth)
and is not flagged, unlike in ``stdnum.cn.ric``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from stdnum import numdb

__all__ = ["ABOLISHED", "UNKNOWN", "county_name", "is_province", "region_flag"]

UNKNOWN = "region_unknown"
ABOLISHED = "region_abolished"
# Residence permits of Taiwan residents use 83 (GB/T 2260 gives Taiwan 71); national
# registration of organisations, 100000.
_EXTRA_PROVINCES = frozenset({"83"})
_EXTRA_CODES = frozenset({"830000", "100000"})
_PERIOD = re.compile(r"\[(\d*)-(\d*)\]")


@cache
def _database() -> numdb.NumDB:
    return numdb.get("cn/loc")


@cache
def _provinces() -> frozenset[str]:
    db = _database()
    return (
        frozenset(code for code in (f"{n:02d}" for n in range(100)) if db.info(code + "0000")[0][1])
        | _EXTRA_PROVINCES
    )


def is_province(code: str) -> bool:
    """Whether the first two digits of ``code`` are a province (or 83, 10 for national).

    >>> is_province("511802"), is_province("000000"), is_province("990101")
    (True, False, False)
    """
    return code[:2] in _provinces() or code in _EXTRA_CODES


@lru_cache(maxsize=1 << 14)
def _last_year(code: str) -> int | None:
    """The last year ``code`` was assigned in (9999: still in use); None if unknown."""
    if code in _EXTRA_CODES:
        return 9999
    parts = _database().info(code)
    county = parts[-1][1].get("county") if len(parts) == 2 else None
    if not county:
        return None
    last = 0
    for name in county.split(","):
        period = _PERIOD.match(name)
        if period is None or not period.group(2):
            return 9999
        last = max(last, int(period.group(2)))
    return last


def region_flag(code: str, year: int | None = None) -> str:
    """Why a (province-valid) division code is suspect, "" if it is not: ``UNKNOWN`` to the
    database, or ``ABOLISHED`` before ``year``.

    >>> region_flag("511802", 1980), region_flag("511899"), region_flag("110103", 2012)
    ('', 'region_unknown', 'region_abolished')
    """
    last = _last_year(code)
    if last is None:
        return UNKNOWN
    return ABOLISHED if year is not None and year > last else ""


@lru_cache(maxsize=1 << 14)
def county_name(code: str) -> str | None:
    """A county-level division's latest name, None if the database does not know it.

    >>> county_name("510726"), county_name("511822"), county_name("511899")
    ('北川羌族自治县', '荥经县', None)
    """
    if len(code) != 6 or not code.isdigit():
        return None
    parts = _database().info(code)
    county = parts[-1][1].get("county") if len(parts) == 2 else None
    if not county:
        return None
    return _PERIOD.sub("", county.split(",")[-1]) or None
