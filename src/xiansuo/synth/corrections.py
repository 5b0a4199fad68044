"""Community-correction periods that follow from suspended sentences, 管制 and parole."""

from __future__ import annotations

import numpy as np

from xiansuo.synth.columns import NONE, SD, iso, months_later
from xiansuo.synth.criminal import CONTROL, PRISON, Sentences
from xiansuo.synth.people import Population
from xiansuo.synth.regions import Geography
from xiansuo.synth.tables import Table

__all__ = ["correction_table"]

_MISSED = 0.04  # supervised sentences the justice bureau never took in (real leads)
_CASE_RECORDED = 0.85  # records that name their judgment's case number
_PAROLE = 0.15  # of prison terms of two years or more
_MEDICAL = 0.02  # of prison terms served outside prison (暂予监外执行)
_REVOKED = 0.02  # records ending in 收监执行
_OPEN_END = 0.1  # of ongoing records without a planned end date


def correction_table(
    rng: np.random.Generator, geo: Geography, pop: Population, s: Sentences, as_of: int
) -> Table:
    """community_corrections for the sentences; intake 1..30 days after the judgment."""
    n = len(s.person)
    supervised = ((s.probation != NONE) | (s.penalty == CONTROL)) & (rng.random(n) >= _MISSED)
    prison = (s.penalty == PRISON) & (s.probation == NONE)
    parole = prison & (s.months >= 24) & (rng.random(n) < _PAROLE)
    medical = prison & ~parole & (rng.random(n) < _MEDICAL)

    intake = s.effective + rng.integers(1, 31, n)
    months = np.where(s.months == NONE, 0, s.months)  # 无 has no term; never supervised
    term = np.where(s.probation != NONE, s.probation, months)
    released = months_later(s.effective, np.round(months * 0.6).astype(np.int64)) + 1
    start = np.where(parole, released, intake)
    end = np.where(parole, months_later(s.effective, months), months_later(start, term))
    category = np.select(
        [s.probation != NONE, s.penalty == CONTROL, parole],
        ["缓刑", "管制", "假释"],
        "暂予监外执行",
    )
    keep = (supervised | parole | medical) & (start <= as_of)
    # A person, category and start day identify a record; two sentences of one person
    # can meet there by chance, and then only the first is kept (else it is a conflict).
    identity = (s.person * 4 + _category_code(category)) * 1_000_000 + start
    first = np.zeros(n, dtype=bool)
    first[np.unique(np.where(keep, identity, -1), return_index=True)[1]] = True
    keep &= first
    order = np.flatnonzero(keep)[np.argsort(start[keep], kind="stable")]
    start, end, category = start[order], end[order], category[order]
    person, case_no = s.person[order], s.case_no[order]
    k = len(order)

    revoked = rng.random(k) < _REVOKED
    ongoing = end >= as_of
    status = np.where(revoked, "收监执行", np.where(ongoing, "在矫", "解矫"))
    end = np.where(ongoing & ~revoked & (rng.random(k) < _OPEN_END), NONE, end)
    judgment = np.where(rng.random(k) < _CASE_RECORDED, case_no, "")
    return Table.build(
        "community_corrections",
        {
            "姓名": pop.names[person],
            "身份证号": pop.ids(person),
            "矫正类别": category.astype(SD),
            "判决案号": judgment.astype(SD),
            "矫正开始日期": iso(start),
            "矫正结束日期": iso(end),
            "执行地区划代码": geo.counties[pop.home[person]].astype(SD),
            "状态": status.astype(SD),
        },
    )


def _category_code(category: np.ndarray) -> np.ndarray:
    return np.select(
        [category == "缓刑", category == "管制", category == "假释"], [0, 1, 2], 3
    ).astype(np.int64)
