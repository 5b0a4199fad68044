"""Random enforcement cases with their 终本 disclosures, 失信 listings and completions."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from xiansuo.synth.casenos import CaseNumbers, court_codes, court_names
from xiansuo.synth.columns import NONE, SD, choose, iso, join, number, strings, year_of
from xiansuo.synth.criminal import FIRST_FILED
from xiansuo.synth.names import applicant_names
from xiansuo.synth.people import ADULT_DAYS, Parties
from xiansuo.synth.regions import Geography
from xiansuo.synth.tables import Table

__all__ = ["DISHONEST_REASONS", "MODES", "enforcement_tables"]

MODES = ("执行完毕", "终结本次执行程序", "终结执行")
OPEN, PAID, TERMINATED, ENDED = -1, 0, 1, 2
DISHONEST_REASONS = (
    "有履行能力而拒不履行生效法律文书确定义务",
    "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    "违反财产报告制度",
    "违反限制消费令",
    "无正当理由拒不履行执行和解协议",
)

_CASES_PER_PERSON = ([1, 2, 3], [0.75, 0.18, 0.07])
_CASES_PER_ORG = ([1, 2, 3, 4], [0.4, 0.3, 0.2, 0.1])
_LOCAL = 0.8
_STILL_OPEN = 0.04
_MODE_WEIGHTS = [0.35, 0.55, 0.10]
_RESTORED = 0.15  # 终本 cases later restored (执恢) when assets turn up
_DISCLOSED = 0.95  # 终本 cases with a disclosure record at all
_LISTED = 0.3  # cases whose debtor is put on the dishonest list
_STALE = 0.03  # listings / disclosures the court forgot to update (real leads)


def enforcement_tables(
    rng: np.random.Generator,
    geo: Geography,
    parties: Parties,
    numbers: CaseNumbers,
    as_of: int,
    persons: np.ndarray,
    orgs: np.ndarray,
) -> Iterator[Table]:
    """enforcement_cases, terminated_disclosures, dishonest_list, enforcement_completions."""
    per_person = rng.choice(_CASES_PER_PERSON[0], len(persons), p=_CASES_PER_PERSON[1])
    per_org = rng.choice(_CASES_PER_ORG[0], len(orgs), p=_CASES_PER_ORG[1])
    debtor = np.concatenate([np.repeat(persons, per_person), np.repeat(~orgs, per_org)])
    n = len(debtor)
    home = parties.home(debtor)
    county = np.where(rng.random(n) < _LOCAL, home, rng.choice(len(geo.counties), n, p=geo.weights))
    adult = parties.persons.birth[np.maximum(debtor, 0)] + ADULT_DAYS
    filed = rng.integers(np.maximum(FIRST_FILED, np.where(debtor >= 0, adult, 0)), as_of - 10)
    closed = filed + 20 + rng.gamma(1.5, 120.0, n).astype(np.int64)
    mode = rng.choice(3, n, p=_MODE_WEIGHTS)
    open_ = (closed > as_of) | (rng.random(n) < _STILL_OPEN)
    mode = np.where(open_, OPEN, mode)
    closed = np.where(open_, NONE, closed)
    median = np.where(debtor >= 0, 50_000.0, 300_000.0)
    amount = _thousands(median * np.exp(rng.normal(0.0, 1.1, n)))
    unpaid = _unpaid(rng, mode, amount)
    origin = np.full(n, -1)

    # Restored cases (执恢) of terminated ones: same debtor and court, the unpaid rest.
    restored = np.flatnonzero((mode == TERMINATED) & (rng.random(n) < _RESTORED))
    r_filed = closed[restored] + 60 + rng.integers(0, 600, len(restored))
    restored, r_filed = restored[r_filed <= as_of - 5], r_filed[r_filed <= as_of - 5]
    k = len(restored)
    r_closed = r_filed + 15 + rng.integers(0, 185, k)
    r_mode = np.where(r_closed > as_of, OPEN, rng.choice(3, k, p=[0.6, 0.3, 0.1]))
    r_closed = np.where(r_mode == OPEN, NONE, r_closed)
    r_amount = unpaid[restored]

    case = {
        "debtor": np.concatenate([debtor, debtor[restored]]),
        "county": np.concatenate([county, county[restored]]),
        "filed": np.concatenate([filed, r_filed]),
        "closed": np.concatenate([closed, r_closed]),
        "mode": np.concatenate([mode, r_mode]),
        "amount": np.concatenate([amount, r_amount]),
        "unpaid": np.concatenate([unpaid, _unpaid(rng, r_mode, r_amount)]),
        "origin": np.concatenate([origin, restored]),
    }
    total = n + k
    court = geo.counties[case["county"]]
    years = year_of(case["filed"])
    no = np.empty(total, dtype=SD)
    no[:n] = numbers.assign(years[:n], court[:n], "执", case["filed"][:n])
    no[n:] = numbers.assign(years[n:], court[n:], "执恢", case["filed"][n:])
    case["no"] = no
    original_no = np.where(case["origin"] >= 0, no[np.maximum(case["origin"], 0)], "")

    # The day a case counts as paid off: its own completion, or its restored case's.
    paid = case["mode"] == PAID
    covered = np.where(paid, case["closed"], NONE)
    restored_paid = paid & (case["origin"] >= 0)
    covered[case["origin"][restored_paid]] = case["closed"][restored_paid]

    # One table at a time, so the caller can write each and let it go.
    yield _case_table(rng, geo, parties, case, court, years)
    yield _disclosures(rng, parties, case, covered)
    yield _listings(rng, parties, case, covered, as_of)
    yield _completions(parties, case, original_no)


def _thousands(values: np.ndarray) -> np.ndarray:
    return np.maximum(1000, np.round(values / 1000) * 1000).astype(np.int64)


def _unpaid(rng: np.random.Generator, mode: np.ndarray, amount: np.ndarray) -> np.ndarray:
    share = np.select(
        [mode == PAID, mode == TERMINATED],
        [0.0, rng.uniform(0.3, 1.0, len(mode))],
        rng.uniform(0.0, 1.0, len(mode)),
    )
    return np.where(mode == PAID, 0, _thousands(amount * share))


def _by(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``rows`` ordered by ``values`` (stable), for files in date order."""
    return rows[np.argsort(values[rows], kind="stable")]


def _case_table(
    rng: np.random.Generator,
    geo: Geography,
    parties: Parties,
    case: dict,
    court: np.ndarray,
    years: np.ndarray,
) -> Table:
    n = len(court)
    # The civil judgment being enforced; not a key anywhere, so free text is fine.
    basis_year = years - rng.integers(0, 2, n)
    document = choose(rng, ["号民事判决书", "号民事调解书", "号民事裁定书"], [7, 2, 1], n)
    basis = join(
        "(", basis_year.astype(SD), ")", court_codes(court), "民初",
        rng.integers(1, 5000, n).astype(SD), document,
    )  # fmt: skip
    basis = np.where(rng.random(n) < 0.1, "", basis)
    people = parties.persons.names[rng.integers(0, parties.persons.background, n)]
    applicant = applicant_names(
        rng, people, geo.city_names[case["county"]], geo.county_names[case["county"]]
    )
    rows = _by(case["filed"], np.arange(n))
    mode_text = strings([*MODES, ""])[np.where(case["mode"] == OPEN, len(MODES), case["mode"])]
    return Table.build(
        "enforcement_cases",
        {
            "执行案号": case["no"],
            "执行依据": basis,
            "执行法院": court_names(court),
            "区划代码": court.astype(SD),
            "申请执行人": applicant,
            "被执行人": parties.names(case["debtor"]),
            "被执行人证件号": parties.ids(case["debtor"]),
            "立案日期": iso(case["filed"]),
            "结案日期": iso(case["closed"]),
            "结案方式": mode_text,
            "执行标的金额": number(case["amount"]),
            "未履行金额": number(case["unpaid"]),
        },
    ).take(rows)


def _disclosures(
    rng: np.random.Generator, parties: Parties, case: dict, covered: np.ndarray
) -> Table:
    mode = case["mode"]
    rows = np.flatnonzero((mode == TERMINATED) & (rng.random(len(mode)) < _DISCLOSED))
    rows = _by(case["closed"], rows)
    k = len(rows)
    u = rng.random(k)
    status = np.where(
        covered[rows] != NONE,
        np.where(u < _STALE * 3, "已公开", "已撤回"),
        np.select([u < 0.85, u < 0.95], ["已公开", "未公开"], "已撤回"),
    )
    published = np.where(status == "未公开", NONE, case["closed"][rows] + rng.integers(0, 6, k))
    debtor = case["debtor"][rows]
    return Table.build(
        "terminated_disclosures",
        {
            "执行案号": case["no"][rows],
            "被执行人": parties.names(debtor),
            "被执行人证件号": parties.ids(debtor),
            "终本日期": iso(case["closed"][rows]),
            "未履行金额": number(case["unpaid"][rows]),
            "公开状态": status.astype(SD),
            "公开日期": iso(published),
        },
    )


def _listings(
    rng: np.random.Generator, parties: Parties, case: dict, covered: np.ndarray, as_of: int
) -> Table:
    n = len(covered)
    listed = case["filed"] + rng.integers(20, 200, n)
    # Listed before paying off (a listing after payment would be a court error, planted only).
    ok = (listed <= as_of) & ((covered == NONE) | (listed < covered))
    rows = _by(listed, np.flatnonzero(ok & (rng.random(n) < _LISTED)))
    k = len(rows)
    paid = (covered[rows] != NONE) & (covered[rows] <= as_of)
    u = rng.random(k)
    status = np.where(
        paid,
        np.where(u < _STALE, "有效", "已屏蔽"),
        np.where(u < 0.96, "有效", "已撤销"),
    )
    shielded = np.where(
        status == "已屏蔽", np.minimum(covered[rows] + rng.integers(1, 6, k), as_of), NONE
    )
    debtor = case["debtor"][rows]
    return Table.build(
        "dishonest_list",
        {
            "执行案号": case["no"][rows],
            "被执行人": parties.names(debtor),
            "被执行人证件号": parties.ids(debtor),
            "失信情形": choose(rng, DISHONEST_REASONS, [10, 3, 3, 4, 4, 1], k),
            "纳入日期": iso(listed[rows]),
            "屏蔽日期": iso(shielded),
            "状态": status.astype(SD),
        },
    )


def _completions(parties: Parties, case: dict, original_no: np.ndarray) -> Table:
    rows = _by(case["closed"], np.flatnonzero(case["mode"] == PAID))
    return Table.build(
        "enforcement_completions",
        {
            "执行案号": case["no"][rows],
            "原执行案号": original_no[rows],
            "被执行人证件号": parties.ids(case["debtor"][rows]),
            "履行完毕日期": iso(case["closed"][rows]),
        },
    )
