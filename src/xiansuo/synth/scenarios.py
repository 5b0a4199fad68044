"""Planted leads and near-miss decoys of the built-in models, boundaries included."""

# Every scenario uses fresh reserved persons, so the only leads about them are the ones a
# scenario declares; a scenario that necessarily trips another model declares that too.

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xiansuo.synth.columns import NONE
from xiansuo.synth.plant import Plant, term_end

__all__ = ["SCENARIOS", "plant_scenarios"]

CROSS = "cross_region_prior_missed"
GANG = "multi_region_gang"
MULTI = "multi_region_suspect"
ACROSS = "side effect: cases in two county regions"


def plant_scenarios(s: Plant, repeats: int) -> None:
    """Run every model's scenarios ``repeats`` times (fresh persons and dates each time)."""
    for _ in range(repeats):
        for build in SCENARIOS:
            build(s)


def _prior_then_later(
    s: Plant,
    person: int,
    first_court: int,
    second_court: int,
    *,
    gap: int,
    prior: str = "否",
    first: dict | None = None,
    second: dict | None = None,
    first_effective: int | None = None,
) -> tuple[str, str]:
    """The person's case A (took effect) and case B judged ``gap`` days after A took effect."""
    a_effective = s.ago(700, 1500) if first_effective is None else first_effective
    a = s.convict(person, first_court, a_effective, **(first or {}))
    judged = a_effective + gap
    effective = judged + 15 if judged + 15 <= s.as_of else NONE
    b = s.case(second_court, judged - int(s.rng.integers(60, 200)), judged, effective,
               **(second or {}))  # fmt: skip
    s.defendant(b, person, months=10, prior=prior)
    return a, b


def cross_region_prior_missed(s: Plant) -> None:
    x = s.county()
    y = s.county(away_from=x)
    planted: list[tuple[str, int, int, dict[str, Any]]] = [
        ("B judged the day after A took effect; 认定前科 否", x, y, {"gap": 1}),
        ("认定前科 empty; B's 区划代码 blank, its region comes from the court code", x, y,
         {"gap": 200, "prior": "", "second": {"region": ""}}),
        ("conviction by 拘役", x, y, {"gap": 90, "first": {"penalty": "拘役", "months": 5}}),
        ("conviction by 管制 (correction taken in on time)", x, y,
         {"gap": 500, "first": {"penalty": "管制", "months": 6}}),
        ("A before the intermediate court (region x00), B before a county court of that city",
         x - x % 100, x, {"gap": 1200, "first_effective": s.ago(1900, 2300),
                          "first": {"months": 36, "cause": "故意伤害罪"}}),
        ("A's 区划代码 names another county than its court code and wins", x, x,
         {"gap": 60, "first": {"region": y}}),
    ]  # fmt: skip
    for why, first_court, second_court, kw in planted:
        p = s.person()
        a, b = _prior_then_later(s, p, first_court, second_court, **kw)
        s.lead(CROSS, [p], [a, b], why)
        s.lead(MULTI, [p], [a, b], ACROSS)

    decoys: list[tuple[str, int, bool, dict[str, Any]]] = [
        ("B judged on the day A took effect (not strictly after)", y, True, {"gap": 0}),
        ("认定前科 是", y, True, {"gap": 120, "prior": "是"}),
        ("B's blank 区划代码 resolves to A's county through the court code", x, False,
         {"gap": 100, "second": {"region": ""}}),
        ("A is no conviction: 主刑 无", y, True, {"gap": 100, "first": {"penalty": "无"}}),
        ("A's 区划代码 is B's county although its court code is not", y, False,
         {"gap": 100, "first": {"region": y}}),
    ]  # fmt: skip
    for why, second_court, across, kw in decoys:
        p = s.person()
        a, b = _prior_then_later(s, p, x, second_court, **kw)
        s.decoy(CROSS, [p], [a, b], why)
        if across:
            s.lead(MULTI, [p], [a, b], ACROSS)

    # A judged but not yet effective: no conviction to have missed.
    p = s.person()
    a = s.case(x, s.ago(150, 200), s.ago(25, 35))
    s.defendant(a, p)
    b = s.case(y, s.ago(100, 140), s.ago(5, 10))
    s.defendant(b, p)
    s.decoy(CROSS, [p], [a, b], "A has no 判决生效日期")
    s.lead(MULTI, [p], [a, b], ACROSS)

    # A stranger with the same name, sex, birth date and region, in another county.
    p = s.person()
    a = s.convict(p, x, s.ago(700, 1000))
    q = s.lookalike(p)
    b = s.judged_case(y, s.ago(100, 300))
    s.defendant(b, q)
    why = "same name and birth date, different ID: two people"
    s.decoy(CROSS, [p, q], [a, b], why)
    s.decoy(MULTI, [p, q], [a, b], why)


def multi_region_suspect(s: Plant) -> None:
    x = s.county()
    y = s.county(away_from=x)
    recent = lambda: s.ago(20, 120)  # noqa: E731

    p = s.person()
    cases = [s.suspect(p, x, recent()), s.suspect(p, y, recent())]
    s.lead(MULTI, [p], cases, "犯罪嫌疑人 in two counties")

    p = s.person()
    cases = [s.convict(p, x, s.ago(900, 1500)), s.suspect(p, y, recent())]
    s.lead(MULTI, [p], cases, "被告人 in one county, 犯罪嫌疑人 in another")

    p = s.person()
    cases = [
        s.convict(p, x, s.ago(600, 900), penalty="无"),
        s.suspect(p, x, s.ago(150, 250), region=""),
        s.suspect(p, y, recent()),
    ]
    s.lead(MULTI, [p], cases, "three cases, one with blank 区划代码 (same county by court code)")

    p = s.person()
    cases = [s.suspect(p, x, recent(), region=y), s.suspect(p, x, recent())]
    s.lead(MULTI, [p], cases, "same court, but one case's 区划代码 names another county")

    p = s.person()
    cases = [
        s.convict(p, x - x % 100, s.ago(2200, 2600), months=60, cause="故意伤害罪"),
        s.suspect(p, x, recent()),
    ]
    s.lead(MULTI, [p], cases, "intermediate court (region x00) and a county court of its city")

    p = s.person()
    cases = [s.suspect(p, x, recent()), s.suspect(p, x, recent(), region="")]
    s.decoy(MULTI, [p], cases, "second case's blank 区划代码 resolves to the same county")

    p = s.person()
    cases = [s.suspect(p, x, recent()), s.victim_case(p, y, s.ago(200, 400), "已赔偿")]
    s.decoy(MULTI, [p], cases, "被害人 in the other county does not count")

    p = s.person()
    cases = [s.suspect(p, x, recent(), region=y), s.suspect(p, y, recent())]
    s.decoy(MULTI, [p], cases, "区划代码 wins: both cases are in the same county")


TDNW = "terminated_disclosure_not_withdrawn"


def terminated_disclosure_not_withdrawn(s: Plant) -> None:
    def case(debtor: int, status: str) -> tuple[str, int]:
        e = s.terminated(debtor, s.ago(300, 1200))
        s.disclosure(e, status)
        return e, s.closed(e)

    p = s.person()
    e, day = case(p, "已公开")
    s.completion(e, day)
    s.lead(TDNW, [p], [e], "completed on the 终本 day itself (>=, no grace)")

    p = s.person()
    e, day = case(p, "已公开")
    r = s.paid(p, day + 260, restoring=e)
    s.lead(TDNW, [p], [e], "covered by the completion of its restored case " + r)

    o = s.org()
    e, day = case(o, "已公开")
    s.completion(e, day + 30)
    s.lead(TDNW, [o], [e], "organisation debtor (USCC)")

    p = s.person()
    e, day = case(p, "已公开")
    s.completion(e, day - 1)
    s.decoy(TDNW, [p], [e], "completed the day before the 终本 day")

    p = s.person()
    e, day = case(p, "已撤回")
    s.completion(e, day + 40)
    s.decoy(TDNW, [p], [e], "disclosure already withdrawn (已撤回)")

    p = s.person()
    e, day = case(p, "已公开")
    f = s.paid(p, day + 50)
    s.decoy(TDNW, [p], [e, f], "the debtor's completion covers another case")

    p = s.person()
    e, day = case(p, "未公开")
    s.completion(e, day + 40)
    s.decoy(TDNW, [p], [e], "never published (未公开)")


DNR = "dishonest_not_removed"


def dishonest_not_removed(s: Plant) -> None:
    def listed_then_paid(debtor: int, done: int, status: str = "有效", shielded: int = NONE):
        e = s.paid(debtor, done)
        s.listing(e, done - 20, status, shielded)
        return e

    p = s.person()
    e = listed_then_paid(p, s.as_of - 3)
    s.lead(DNR, [p], [e], "completed exactly 3 days before as_of")

    p = s.person()
    e = s.terminated(p, s.ago(900, 1200))
    done = s.closed(e) + 200
    r = s.paid(p, done, restoring=e)
    s.disclosure(e, "已撤回")
    s.listing(e, done + 30, "有效")
    s.lead(DNR, [p], [e], f"listed after the restored case {r} was completed")

    o = s.org()
    e = listed_then_paid(o, s.ago(400, 800))
    s.lead(DNR, [o], [e], "organisation debtor (USCC)")

    p = s.person()
    e = listed_then_paid(p, s.as_of - 2)
    s.decoy(DNR, [p], [e], "completed 2 days before as_of: still within the grace")

    p = s.person()
    done = s.ago(300, 600)
    e = listed_then_paid(p, done, "已屏蔽", done + 2)
    s.decoy(DNR, [p], [e], "listing shielded (已屏蔽)")

    p = s.person()
    e = listed_then_paid(p, s.ago(300, 600), "已撤销")
    s.decoy(DNR, [p], [e], "listing revoked (已撤销)")

    p = s.person()
    filed = s.ago(300, 500)
    e = s.enforcement(p, s.county(), filed)
    s.listing(e, filed + 30, "有效")
    f = s.paid(p, s.ago(100, 200))
    s.decoy(DNR, [p], [e, f], "the debtor's completion covers another case")


TND = "terminated_not_disclosed"


def terminated_not_disclosed(s: Plant) -> None:
    def case(debtor: int, *statuses: str) -> tuple[str, int]:
        e = s.terminated(debtor, s.ago(100, 900))
        day = s.closed(e)
        for i, status in enumerate(statuses):
            s.disclosure(e, status, day + 30 * i)
        return e, day

    p = s.person()
    e, _ = case(p)
    s.lead(TND, [p], [e], "no 终本 record at all")

    p = s.person()
    e, _ = case(p, "未公开")
    s.lead(TND, [p], [e], "its 终本 record is 未公开")

    p = s.person()
    e, _ = case(p, "未公开", "未公开")
    s.lead(TND, [p], [e], "both of its 终本 records are 未公开")

    o = s.org()
    e, _ = case(o, "未公开")
    s.lead(TND, [o], [e], "organisation debtor (USCC)")

    p = s.person()
    e, _ = case(p, "未公开", "已撤回")
    s.decoy(TND, [p], [e], "one record 未公开, one 已撤回 (counts as disclosed)")

    p = s.person()
    e, _ = case(p, "已撤回")
    s.decoy(TND, [p], [e], "only record 已撤回 (counts as disclosed)")

    p = s.person()
    e, day = case(p, "未公开")
    r = s.paid(p, day + 200, restoring=e)
    s.decoy(TND, [p], [e, r], "covered by its restored case's completion")

    p = s.person()
    filed = s.ago(300, 600)
    e = s.enforcement(p, s.county(), filed, filed + 120, "终结执行")
    s.decoy(TND, [p], [e], "结案方式 终结执行, not 终本")

    p = s.person()
    e = s.enforcement(p, s.county(), s.ago(100, 400))
    s.decoy(TND, [p], [e], "still open (结案方式 empty)")


JAC = "judicial_aid_candidate"


def judicial_aid_candidate(s: Plant) -> None:
    x = s.county()
    # (why, compensation, filed, support start, end) with dates relative to filing / as_of.
    variants: list[tuple[str, str, int, Callable[[int], tuple[int, int]], bool]] = [
        ("未赔偿, support ongoing", "未赔偿", s.ago(300, 900),
         lambda f: (f - 400, NONE), True),
        ("部分赔偿, support ended on the 立案 day itself", "部分赔偿", s.ago(300, 900),
         lambda f: (f - 800, f), True),
        ("support starts on as_of itself", "未赔偿", s.ago(300, 900),
         lambda f: (s.as_of, NONE), True),
        ("case not judged yet", "未赔偿", s.ago(20, 60), lambda f: (f - 100, NONE), True),
        ("已赔偿", "已赔偿", s.ago(300, 900), lambda f: (f - 400, NONE), False),
        ("support ended the day before 立案", "未赔偿", s.ago(300, 900),
         lambda f: (f - 800, f - 1), False),
        ("support starts the day after as_of", "未赔偿", s.ago(300, 900),
         lambda f: (s.as_of + 1, NONE), False),
        ("赔偿情况 empty", "", s.ago(300, 900), lambda f: (f - 400, NONE), False),
    ]  # fmt: skip
    for why, compensation, filed, support, is_lead in variants:
        v = s.person()
        c = s.victim_case(v, x, filed, compensation)
        s.low_income(v, *support(filed))
        (s.lead if is_lead else s.decoy)(JAC, [v], [c], why)


CIM = "correction_intake_missing"


def correction_intake_missing(s: Plant) -> None:
    x = s.county()
    probation: dict[str, Any] = {"months": 12, "probation": 24, "supervise": False}

    def record(start_offset: int, judgment: bool = False, status: str | None = None):
        """A correction record starting ``start_offset`` days after the case took effect."""
        return lambda p, c, eff: s.correction(
            p, c if judgment else "", eff + start_offset,
            term_end(eff + start_offset, 24), status=status,
        )  # fmt: skip

    variants = [
        ("缓刑; took effect 10 days before as_of; no record", s.as_of - 10, probation, None, True),
        ("管制; no record", s.ago(200, 400),
         {"penalty": "管制", "months": 6, "supervise": False}, None, True),
        ("拘役缓刑; only record starts 61 days after (no 判决案号)", s.ago(300, 600),
         {"penalty": "拘役", "months": 4, "probation": 6, "supervise": False}, record(61),
         True),
        ("only record starts the day before it took effect (no 判决案号)", s.ago(300, 600),
         probation, record(-1), True),
        ("took effect 9 days before as_of", s.as_of - 9, probation, None, False),
        ("record names the case, intake 200 days late", s.ago(300, 600), probation,
         record(200, judgment=True), False),
        ("record starts 60 days after (no 判决案号)", s.ago(300, 600), probation, record(60),
         False),
        ("record starts on the day it took effect (no 判决案号)", s.ago(300, 600), probation,
         record(0), False),
        ("record names the case; status 收监执行 (any status counts)", s.ago(300, 600),
         probation, record(20, judgment=True, status="收监执行"), False),
        ("拘役 without probation", s.ago(100, 400),
         {"penalty": "拘役", "months": 3, "supervise": False}, None, False),
    ]  # fmt: skip
    for why, effective, sentence, intake, is_lead in variants:
        p = s.person()
        c = s.convict(p, x, effective, **sentence)
        if intake is not None:
            intake(p, c, effective)
        (s.lead if is_lead else s.decoy)(CIM, [p], [c], why)

    p = s.person()
    d = s.convict(p, x, s.ago(1900, 2100), months=10, probation=12)
    c = s.convict(p, x, s.ago(400, 600), prior="是", **probation)
    s.lead(CIM, [p], [c], f"only the record of the earlier case {d} exists")

    p = s.person()
    c = s.case(x, s.ago(150, 250), s.ago(3, 8))
    s.defendant(c, p, months=12, probation=24)
    s.decoy(CIM, [p], [c], "judged with probation but not yet effective")


RDC = "reoffense_during_correction"


def reoffense_during_correction(s: Plant) -> None:
    x = s.county()

    def on_probation(
        p: int, effective: int, *, judgment: bool = True, end: bool = True,
        status: str | None = None,
    ) -> tuple[str, int, int]:  # fmt: skip
        """Convicted with 24 months' probation; taken in 5 days after it took effect."""
        d = s.convict(p, x, effective, months=12, probation=24, supervise=False)
        start = effective + 5
        finish = term_end(start, 24)
        s.correction(p, d if judgment else "", start, finish if end else NONE, status=status)
        return d, start, finish

    # (why, effective, on_probation options, filing day of C from (start, end), is lead)
    variants: list[tuple[str, int, dict, Callable[[int, int], int], bool]] = [
        ("C filed on the day correction started (在矫)", s.ago(250, 350), {},
         lambda a, b: a, True),
        ("C filed on the day correction ended (解矫)", s.ago(900, 1000), {},
         lambda a, b: b, True),
        ("no end date (= as_of); C filed on as_of", s.ago(150, 250), {"end": False},
         lambda a, b: s.as_of, True),
        ("record without 判决案号 excludes no case", s.ago(300, 600), {"judgment": False},
         lambda a, b: a + 100, True),
        ("status 收监执行", s.ago(500, 600), {"status": "收监执行"},
         lambda a, b: a + 100, False),
        ("C filed the day before correction started", s.ago(300, 600), {},
         lambda a, b: a - 1, False),
        ("C filed the day after correction ended", s.ago(900, 1000), {},
         lambda a, b: b + 1, False),
        ("no end date (= as_of); C filed the day after as_of", s.ago(150, 250),
         {"end": False}, lambda a, b: s.as_of + 1, False),
    ]  # fmt: skip
    for why, effective, options, filed_in, is_lead in variants:
        p = s.person()
        d, start, finish = on_probation(p, effective, **options)
        c = s.suspect(p, x, filed_in(start, finish))
        (s.lead if is_lead else s.decoy)(RDC, [p], [c], why)

    # Reoffending during K1 leads to a new probation K2 whose 判决案号 is C: K2 excludes C,
    # K1 does not.
    p = s.person()
    d, start, _ = on_probation(p, s.ago(1150, 1250))
    c = s.case(x, start + 100, start + 250, start + 265)
    s.defendant(c, p, months=12, probation=24, prior="是")
    s.correction(p, c, start + 270, term_end(start + 270, 24))
    s.lead(RDC, [p], [c], f"filed during the correction for {d}; C's own record is no excuse")

    p = s.person()
    filed = s.ago(400, 500)
    c = s.case(x, filed, filed + 150, filed + 165)
    s.defendant(c, p, months=12, probation=24)
    s.correction(p, c, filed - 10, term_end(filed - 10, 24))
    s.decoy(RDC, [p], [c], "C is the record's own 判决案号")

    p = s.person()
    d, start, _ = on_probation(p, s.ago(300, 600))
    c = s.victim_case(p, x, start + 100, "已赔偿")
    s.decoy(RDC, [p], [c], "被害人 during correction does not count")

    p = s.person()
    d, start, _ = on_probation(p, s.ago(300, 600))
    q = s.lookalike(p)
    c = s.suspect(q, x, start + 100)
    s.decoy(RDC, [p, q], [c], "the suspect is a same-name stranger (different ID)")


def _group(s: Plant, cases: list[tuple[int, list[int]]]) -> list[str]:
    """Not-yet-judged cases, each with its county and suspects; a suspect whose cases lie in
    two or more regions is also a multi_region_suspect lead (declared here)."""
    numbers = []
    for court, suspects in cases:
        number = s.case(court, s.ago(30, 700))
        for p in suspects:
            s.defendant(number, p)
        numbers.append(number)
    for p in {p for _, suspects in cases for p in suspects}:
        own = [n for n, (court, suspects) in zip(numbers, cases, strict=True) if p in suspects]
        if len({court for court, suspects in cases if p in suspects}) >= 2:
            s.lead(MULTI, [p], own, ACROSS)
    return numbers


def multi_region_gang(s: Plant) -> None:
    x = s.county()
    y = s.county(away_from=x)
    z = s.county(away_from=y)
    while z == x:
        z = s.county(away_from=y)
    w = s.county(away_from=z)
    while w in (x, y):
        w = s.county(away_from=z)
    city = x - x % 100

    def gang(why: str, cases: list[tuple[int, list[int]]], *, lead: bool) -> list[str]:
        numbers = _group(s, cases)
        members = sorted({p for _, suspects in cases for p in suspects})
        (s.lead if lead else s.decoy)(GANG, members, numbers, why)
        return numbers

    a, b, c, d = (s.person() for _ in range(4))
    gang("four people, cases in three counties", [(x, [a, b, c]), (y, [a, b, d]), (z, [c, d])],
         lead=True)  # fmt: skip
    a, b, c = (s.person() for _ in range(3))
    gang("three people (the fewest), three counties (the fewest)",
         [(x, [a, b, c]), (y, [a, b]), (z, [b, c])], lead=True)  # fmt: skip
    a, b, c, d = (s.person() for _ in range(4))
    gang("four counties, and an intermediate-court case that is no county",
         [(x, [a, b]), (y, [a, b, c]), (z, [b, c, d]), (w, [c, d]), (city, [a, d])],
         lead=True)  # fmt: skip

    a, b, c = (s.person() for _ in range(3))
    gang("three people, two counties", [(x, [a, b, c]), (y, [a, b]), (x, [b, c])], lead=False)
    a, b, c = (s.person() for _ in range(3))
    gang("three counties counting the intermediate court's city code",
         [(x, [a, b, c]), (y, [a, b]), (city, [b, c])], lead=False)  # fmt: skip
    group = [s.person() for _ in range(5)]
    gang("a big group, all in one county", [(x, group[:3]), (x, group[2:]), (x, group[::2])],
         lead=False)  # fmt: skip
    a, b = s.person(), s.person()
    gang("two people, three counties", [(x, [a, b]), (y, [a, b]), (z, [a, b])], lead=False)
    # Two counties, and a same-name stranger of a member (another ID) in a third.
    a, b, c = (s.person() for _ in range(3))
    numbers = gang("three people, two counties", [(x, [a, b, c]), (y, [a, b])], lead=False)
    q = s.lookalike(c)
    stranger = s.suspect(q, z, s.ago(30, 700))
    why = "a member's same-name stranger (different ID) has a case in a third county"
    s.decoy(GANG, [a, b, c, q], [*numbers, stranger], why)


SCENARIOS: tuple[Callable[[Plant], None], ...] = (
    cross_region_prior_missed,
    multi_region_suspect,
    terminated_disclosure_not_withdrawn,
    dishonest_not_removed,
    terminated_not_disclosed,
    judicial_aid_candidate,
    correction_intake_missing,
    reoffense_during_correction,
    multi_region_gang,
)
