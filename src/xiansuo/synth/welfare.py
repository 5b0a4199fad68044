"""Minimum-living-allowance and extreme-poverty support periods (civil affairs)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from xiansuo.synth.columns import NONE, SD, day, iso
from xiansuo.synth.people import Population
from xiansuo.synth.regions import Geography
from xiansuo.synth.tables import Table

__all__ = ["LOW_INCOME_SHARE", "low_income_table"]

LOW_INCOME_SHARE = 0.03  # of all persons; victims are drawn on more often (see generate)
_FIRST_START = day(dt.date(2012, 1, 1))
_ENDED = 0.45
_ELDERLY_BORN_BEFORE = day(dt.date(1960, 1, 1))


def low_income_table(
    rng: np.random.Generator, geo: Geography, pop: Population, recipients: np.ndarray, as_of: int
) -> Table:
    """One support period per recipient; the elderly more often 特困供养."""
    k = len(recipients)
    start = rng.integers(_FIRST_START, as_of + 1, k)
    end = start + rng.integers(180, 2500, k)
    end = np.where((rng.random(k) < _ENDED) & (end <= as_of), end, NONE)
    elderly = pop.birth[recipients] < _ELDERLY_BORN_BEFORE
    u = rng.random(k)
    category = np.where(
        elderly & (u < 0.35), "特困供养", np.where(rng.random(k) < 0.55, "城市低保", "农村低保")
    )
    rows = np.argsort(start, kind="stable")
    person = recipients[rows]
    return Table.build(
        "low_income",
        {
            "姓名": pop.names[person],
            "身份证号": pop.ids(person),
            "区划代码": geo.counties[pop.home[person]].astype(SD),
            "保障类别": category[rows].astype(SD),
            "保障起始日期": iso(start[rows]),
            "保障终止日期": iso(end[rows]),
        },
    )
