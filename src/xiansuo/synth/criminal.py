"""Random criminal cases and their parties: suspects, defendants with sentences, victims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from xiansuo.synth.casenos import CaseNumbers, court_names
from xiansuo.synth.columns import NONE, SD, choose, day, iso, number, strings, year_of
from xiansuo.synth.people import ADULT_DAYS, Population
from xiansuo.synth.regions import Geography
from xiansuo.synth.tables import Table

__all__ = [
    "CAUSES",
    "FIRST_FILED",
    "PENALTIES",
    "Sentences",
    "criminal_tables",
    "probation_term",
]

FIRST_FILED = day(dt.date(2015, 1, 1))
PENALTIES = ("有期徒刑", "拘役", "管制", "无")
PRISON, DETENTION, CONTROL, EXEMPT = range(4)
CONVICTING = (PRISON, DETENTION, CONTROL)

# Cause → (weight, has victims). Basic courts try these; intermediate ones the serious ones.
CAUSES = {
    "盗窃罪": (20, True), "危险驾驶罪": (18, False), "诈骗罪": (10, True),
    "故意伤害罪": (10, True), "帮助信息网络犯罪活动罪": (8, False), "开设赌场罪": (6, False),
    "寻衅滋事罪": (6, True), "交通肇事罪": (5, True), "掩饰、隐瞒犯罪所得罪": (4, False),
    "抢劫罪": (3, True), "非法吸收公众存款罪": (3, True), "贩卖毒品罪": (3, False),
    "拒不执行判决、裁定罪": (2, False),
}  # fmt: skip
_SERIOUS = {"故意杀人罪": 2, "贩卖毒品罪": 3, "集资诈骗罪": 2, "抢劫罪": 2, "故意伤害罪": 2}

OFFENDER_SHARE = 0.18  # persons who are ever suspect or defendant
VICTIM_SHARE = 0.12  # persons who are ever a victim
_CASES_PER_OFFENDER = ([1, 2, 3, 4], [0.8, 0.14, 0.045, 0.015])
_DEFENDANTS_PER_CASE = ([1, 2, 3], [0.75, 0.18, 0.07])
_LOCAL = 0.75  # share of a person's cases tried in the county they live in
_INTERMEDIATE = 0.03  # share of cases before an intermediate court (a third of them appeals)
_PROBATION = 0.45  # of sentences short enough to be suspended


@dataclass
class Sentences:
    """Effective judgments of defendants, the input of community corrections."""

    person: np.ndarray
    case_no: np.ndarray
    effective: np.ndarray
    penalty: np.ndarray
    months: np.ndarray
    probation: np.ndarray  # probation months, NONE when not suspended


def probation_term(rng: np.random.Generator, penalty: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Probation months: at least the term, 2..12 months for 拘役, 1..5 years for 有期徒刑."""
    low = np.where(penalty == DETENTION, np.maximum(months, 2), np.maximum(months, 12))
    high = np.where(penalty == DETENTION, 12, 60)
    return low + (rng.random(len(low)) * (high - low + 1)).astype(np.int64)


def criminal_tables(
    rng: np.random.Generator,
    geo: Geography,
    pop: Population,
    numbers: CaseNumbers,
    as_of: int,
    offenders: np.ndarray,
    victims: np.ndarray,
) -> tuple[Table, Table, Sentences]:
    """The criminal_cases and case_parties tables, and the sentences they hand down."""
    # Each appearance is one person in one case; appearances of the same county and similar
    # filing dates are grouped into cases with one to three defendants.
    counts = rng.choice(_CASES_PER_OFFENDER[0], size=len(offenders), p=_CASES_PER_OFFENDER[1])
    person = np.repeat(offenders, counts)
    a = len(person)
    county = np.where(
        rng.random(a) < _LOCAL,
        pop.home[person],
        rng.choice(len(geo.counties), size=a, p=geo.weights),
    )
    filed = rng.integers(np.maximum(FIRST_FILED, pop.birth[person] + ADULT_DAYS), as_of - 15)
    order = np.lexsort((filed, county))
    sizes = rng.choice(_DEFENDANTS_PER_CASE[0], size=a, p=_DEFENDANTS_PER_CASE[1])
    case_sorted = np.repeat(np.arange(a), sizes)[:a]
    first = np.flatnonzero(np.r_[True, case_sorted[1:] != case_sorted[:-1]])
    case_county = county[order][first]
    case_filed = filed[order][first]
    # Cases are indexed in filing order, which is also the file's row order.
    by_date = np.argsort(case_filed, kind="stable")
    rank = np.empty_like(by_date)
    rank[by_date] = np.arange(len(by_date))
    case_of = np.empty(a, dtype=np.int64)
    case_of[order] = rank[case_sorted]
    cases = _cases(rng, geo, numbers, as_of, case_county[by_date], case_filed[by_date])

    pair = np.unique(case_of * pop.n + person)
    d_case, d_person = pair // pop.n, pair % pop.n
    defendants = _defendant_rows(rng, cases, d_case, d_person, pop.n)
    victim_rows = _victim_rows(rng, cases, victims, pair, pop.n)
    parties = {k: np.concatenate([defendants[k], victim_rows[k]]) for k in defendants}
    rows = np.lexsort((parties["victim"], parties["case"]))
    parties = {k: v[rows] for k, v in parties.items()}

    case_table = Table.build(
        "criminal_cases",
        {
            "案号": cases["no"],
            "案由": cases["cause"],
            "承办法院": court_names(cases["court"]),
            "区划代码": cases["court"].astype(SD),
            "立案日期": iso(cases["filed"]),
            "判决日期": iso(cases["judged"]),
            "判决生效日期": iso(cases["effective"]),
        },
    )
    party_table = _party_table(pop, cases, parties)
    sentenced = (parties["victim"] == 0) & (cases["effective"][parties["case"]] != NONE)
    sentences = Sentences(
        person=parties["person"][sentenced],
        case_no=cases["no"][parties["case"][sentenced]],
        effective=cases["effective"][parties["case"][sentenced]],
        penalty=parties["penalty"][sentenced],
        months=parties["months"][sentenced],
        probation=parties["probation"][sentenced],
    )
    return case_table, party_table, sentences


def _cases(
    rng: np.random.Generator,
    geo: Geography,
    numbers: CaseNumbers,
    as_of: int,
    county: np.ndarray,
    filed: np.ndarray,
) -> dict[str, np.ndarray]:
    n = len(county)
    intermediate = rng.random(n) < _INTERMEDIATE
    appeal = intermediate & (rng.random(n) < 1 / 3)
    court = np.where(intermediate, geo.cities[county], geo.counties[county])
    basic_causes = list(CAUSES)
    cause = np.where(
        intermediate,
        choose(rng, list(_SERIOUS), list(_SERIOUS.values()), n),
        choose(rng, basic_causes, [CAUSES[c][0] for c in basic_causes], n),
    ).astype(SD)
    judged = filed + 45 + rng.gamma(2.0, 60.0, n).astype(np.int64)
    effective = judged + rng.integers(10, 21, n)
    effective = np.where(effective > as_of, NONE, effective)
    judged = np.where(judged > as_of, NONE, judged)
    years = year_of(filed)
    no = np.empty(n, dtype=SD)
    no[~appeal] = numbers.assign(years[~appeal], court[~appeal], "刑初", filed[~appeal])
    no[appeal] = numbers.assign(years[appeal], court[appeal], "刑终", filed[appeal])
    with_victims = np.isin(cause, strings([c for c, (_, v) in CAUSES.items() if v]))
    return {
        "no": no,
        "cause": cause,
        "court": court,
        "intermediate": intermediate,
        "filed": filed,
        "judged": judged,
        "effective": effective,
        "with_victims": with_victims,
    }


def _defendant_rows(
    rng: np.random.Generator, cases: dict, case: np.ndarray, person: np.ndarray, n_persons: int
) -> dict[str, np.ndarray]:
    k = len(case)
    judged = cases["judged"][case] != NONE
    penalty = rng.choice(4, size=k, p=[0.64, 0.25, 0.06, 0.05])
    penalty = np.where(cases["intermediate"][case], PRISON, penalty)
    months = np.select(
        [penalty == PRISON, penalty == DETENTION, penalty == CONTROL],
        [
            np.clip(6 + rng.gamma(1.5, 14.0, k).astype(np.int64), 6, 180),
            rng.integers(1, 7, k),
            rng.integers(3, 25, k),
        ],
        NONE,
    )
    months = np.where(cases["intermediate"][case], np.maximum(months, 36), months)
    suspendable = ((penalty == PRISON) & (months <= 36)) | (penalty == DETENTION)
    suspended = judged & suspendable & (rng.random(k) < _PROBATION)
    probation = np.where(suspended, probation_term(rng, penalty, months), NONE)
    penalty = np.where(judged, penalty, -1)
    months = np.where(judged, months, NONE)

    # A prior is "recognised" when the person already had an effective conviction before
    # this judgment; clerks get it wrong now and then, which is what the model looks for.
    effective = cases["effective"][case]
    convicted = np.isin(penalty, CONVICTING) & (effective != NONE)
    first_conviction = np.full(n_persons, np.iinfo(np.int64).max)
    np.minimum.at(first_conviction, person[convicted], effective[convicted])
    has_prior = first_conviction[person] < cases["judged"][case]
    u = rng.random(k)
    prior = np.where(
        has_prior,
        np.where(u < 0.93, "是", np.where(u < 0.98, "否", "")),
        np.where(u < 0.97, "否", ""),
    )
    return {
        "case": case,
        "person": person,
        "victim": np.zeros(k, dtype=np.int64),
        "role": np.where(judged, "被告人", "犯罪嫌疑人").astype(SD),
        "penalty": penalty,
        "months": months,
        "probation": probation,
        "suspended": np.where(judged, np.where(suspended, "是", "否"), "").astype(SD),
        "prior": np.where(judged, prior, "").astype(SD),
        "compensation": np.full(k, "", dtype=SD),
    }


def _victim_rows(
    rng: np.random.Generator, cases: dict, victims: np.ndarray, taken: np.ndarray, n_persons: int
) -> dict[str, np.ndarray]:
    eligible = np.flatnonzero(cases["with_victims"])
    person = np.repeat(victims, rng.choice([1, 2], size=len(victims), p=[0.9, 0.1]))
    case = eligible[rng.integers(0, len(eligible), len(person))]
    # Nobody is victim of their own case, nor listed twice as victim of one case.
    key = case * n_persons + person
    key, first = np.unique(key, return_index=True)
    keep = first[~np.isin(key, taken)]
    case, person = case[keep], person[keep]
    k = len(case)
    judged = cases["judged"][case] != NONE
    u = rng.random(k)
    compensation = np.where(
        judged,
        np.select([u < 0.4, u < 0.65, u < 0.95], ["已赔偿", "部分赔偿", "未赔偿"], ""),
        np.where(u < 0.4, "未赔偿", ""),
    )
    none = np.full(k, NONE)
    return {
        "case": case,
        "person": person,
        "victim": np.ones(k, dtype=np.int64),
        "role": np.full(k, "被害人", dtype=SD),
        "penalty": np.full(k, -1),
        "months": none,
        "probation": none,
        "suspended": np.full(k, "", dtype=SD),
        "prior": np.full(k, "", dtype=SD),
        "compensation": compensation.astype(SD),
    }


def _party_table(pop: Population, cases: dict, parties: dict) -> Table:
    person = parties["person"]
    penalty = parties["penalty"]
    penalty_text = strings([*PENALTIES, ""])[np.where(penalty < 0, len(PENALTIES), penalty)]
    return Table.build(
        "case_parties",
        {
            "案号": cases["no"][parties["case"]],
            "角色": parties["role"],
            "姓名": pop.names[person],
            "身份证号": pop.ids(person),
            "性别": pop.sex(person),
            "出生日期": pop.births(person),
            "主刑": penalty_text,
            "刑期月数": number(parties["months"]),
            "是否缓刑": parties["suspended"],
            "缓刑考验期月数": number(parties["probation"]),
            "认定前科": parties["prior"],
            "赔偿情况": parties["compensation"],
        },
    )
