"""A builder of hand-made rows for reserved persons, and the leads they must (not) yield."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from xiansuo.synth.casenos import CaseNumbers
from xiansuo.synth.columns import NONE, iso, months_later, year_of
from xiansuo.synth.people import Parties
from xiansuo.synth.regions import Geography, court_name
from xiansuo.synth.tables import HEADERS, Table

__all__ = ["RULES", "Plant", "term_end"]

RULES = (
    "cross_region_prior_missed",
    "multi_region_suspect",
    "terminated_disclosure_not_withdrawn",
    "dishonest_not_removed",
    "terminated_not_disclosed",
    "judicial_aid_candidate",
    "correction_intake_missing",
    "reoffense_during_correction",
    "multi_region_gang",
)


@dataclass
class _Lead:
    parties: list[int]
    cases: list[str]
    why: str


@dataclass
class _Enforcement:
    debtor: int
    court: int
    closed: int
    unpaid: int


@dataclass
class Plant:
    """Rows about reserved persons and organisations only, so random data can never touch
    them: what a scenario declares is exactly what the models will find about them."""

    rng: np.random.Generator
    geo: Geography
    parties: Parties
    numbers: CaseNumbers
    as_of: int
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    planted: dict[str, list[_Lead]] = field(default_factory=dict)
    decoys: dict[str, list[_Lead]] = field(default_factory=dict)
    designated: list[str] = field(default_factory=list)
    _judged: dict[str, int] = field(default_factory=dict)
    _enforcement: dict[str, _Enforcement] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rows = {t: [] for t in HEADERS if t != "regions"}
        self.planted = {r: [] for r in RULES}
        self.decoys = {r: [] for r in RULES}
        self._next_person = self.parties.persons.background
        self._next_org = self.parties.orgs.background

    # --- who and where -------------------------------------------------------------------

    def person(self) -> int:
        """A fresh reserved person."""
        p = self._next_person
        if p >= self.parties.persons.n:
            raise RuntimeError("not enough reserved persons for the scenarios")
        self._next_person += 1
        return p

    def lookalike(self, of: int) -> int:
        """A fresh person with the same name, sex, birth date and region as ``of``."""
        p = self.person()
        self.parties.persons.lookalike(of, p)
        return p

    def org(self) -> int:
        """A fresh reserved organisation (as a party number)."""
        o = self._next_org
        if o >= self.parties.orgs.n:
            raise RuntimeError("not enough reserved organisations for the scenarios")
        self._next_org += 1
        return ~o

    def county(self, *, away_from: int | None = None) -> int:
        """A random county code; with ``away_from``, one in another city than that county's
        (unmistakably another region)."""
        counties, cities = self.geo.counties, self.geo.cities
        if away_from is not None:
            counties = counties[cities != away_from - away_from % 100]
        return int(self.rng.choice(counties))

    def ago(self, low: int, high: int) -> int:
        """A day between ``high`` and ``low`` days before as_of."""
        return self.as_of - int(self.rng.integers(low, high + 1))

    def closed(self, case: str) -> int:
        """结案日期 of a planted enforcement case."""
        return self._enforcement[case].closed

    def _creditor(self) -> str:
        # Applicants are named only, never identified: any random name will do.
        persons = self.parties.persons
        return str(persons.names[self.rng.integers(0, persons.background)])

    def _who(self, party: int) -> tuple[str, str]:
        one = np.array([party])
        return str(self.parties.names(one)[0]), str(self.parties.ids(one)[0])

    # --- criminal ------------------------------------------------------------------------

    def case(
        self,
        court: int,
        filed: int,
        judged: int = NONE,
        effective: int = NONE,
        *,
        region: int | str | None = None,
        kind: str = "刑初",
        cause: str = "盗窃罪",
    ) -> str:
        """A criminal case before the court of region ``court`` (a county, or a city for the
        intermediate court). ``region`` overrides 区划代码: "" leaves it blank, a code that
        differs from the court's makes a case tried elsewhere (指定管辖)."""
        no = self.numbers.one(int(year_of(np.array([filed]))[0]), court, kind)
        text = str(court) if region is None else str(region)
        if region not in (None, "", court):
            self.designated.append(no)
        self._judged[no] = judged
        self.rows["criminal_cases"].append(
            {
                "案号": no,
                "案由": cause,
                "承办法院": court_name(court),
                "区划代码": text,
                "立案日期": _iso(filed),
                "判决日期": _iso(judged),
                "判决生效日期": _iso(effective),
            }
        )
        return no

    def judged_case(self, court: int, effective: int, **kwargs) -> str:
        """A case judged 10..20 days before ``effective`` and filed 2..8 months before that."""
        judged = effective - int(self.rng.integers(10, 21))
        filed = judged - int(self.rng.integers(60, 240))
        return self.case(court, filed, judged, effective, **kwargs)

    def defendant(
        self,
        case: str,
        party: int,
        *,
        penalty: str = "有期徒刑",
        months: int = 18,
        probation: int | None = None,
        prior: str = "否",
    ) -> None:
        """The party as 被告人 (judged case) or 犯罪嫌疑人 (not yet judged)."""
        judged = self._judged[case] != NONE
        sentence = {
            "主刑": penalty,
            "刑期月数": "" if penalty == "无" else str(months),
            "是否缓刑": "否" if probation is None else "是",
            "缓刑考验期月数": "" if probation is None else str(probation),
            "认定前科": prior,
        }
        self._party(case, party, "被告人" if judged else "犯罪嫌疑人", sentence if judged else {})

    def victim(self, case: str, party: int, compensation: str) -> None:
        self._party(case, party, "被害人", {"赔偿情况": compensation})

    def _party(self, case: str, party: int, role: str, extra: dict[str, str]) -> None:
        name, pid = self._who(party)
        persons = self.parties.persons
        self.rows["case_parties"].append(
            {
                "案号": case,
                "角色": role,
                "姓名": name,
                "身份证号": pid,
                "性别": str(persons.sex(np.array([party]))[0]),
                "出生日期": str(persons.births(np.array([party]))[0]),
                **extra,
            }
        )

    def convict(
        self,
        party: int,
        court: int,
        effective: int,
        *,
        penalty: str = "有期徒刑",
        months: int = 18,
        probation: int | None = None,
        prior: str = "否",
        supervise: bool = True,
        **case_kwargs,
    ) -> str:
        """A judged case with the party as its only defendant. A supervised sentence
        (缓刑, 管制) gets its correction intake 5 days after the judgment took effect."""
        case = self.judged_case(court, effective, **case_kwargs)
        self.defendant(case, party, penalty=penalty, months=months, probation=probation,
                       prior=prior)  # fmt: skip
        term = probation if probation is not None else months if penalty == "管制" else None
        if supervise and term is not None:
            start = effective + 5
            self.correction(party, case, start, term_end(start, term),
                            "缓刑" if probation is not None else "管制")  # fmt: skip
        return case

    def suspect(self, party: int, court: int, filed: int, **case_kwargs) -> str:
        """A case not yet judged with the party as its only suspect."""
        case = self.case(court, filed, **case_kwargs)
        self.defendant(case, party)
        return case

    def victim_case(
        self, party: int, court: int, filed: int, compensation: str, **case_kwargs
    ) -> str:
        """A case with the party as victim and a fresh person as convicted defendant."""
        effective = filed + int(self.rng.integers(150, 300))
        judged = effective - 15
        case = self.case(court, filed, judged if judged <= self.as_of else NONE,
                         effective if effective <= self.as_of else NONE, **case_kwargs)  # fmt: skip
        self.defendant(case, self.person())
        self.victim(case, party, compensation)
        return case

    def correction(
        self,
        party: int,
        case: str,
        start: int,
        end: int = NONE,
        category: str = "缓刑",
        status: str | None = None,
    ) -> None:
        """A community-correction record; the status follows the dates unless given."""
        if status is None:
            status = "在矫" if end == NONE or end >= self.as_of else "解矫"
        name, pid = self._who(party)
        self.rows["community_corrections"].append(
            {
                "姓名": name,
                "身份证号": pid,
                "矫正类别": category,
                "判决案号": case,
                "矫正开始日期": _iso(start),
                "矫正结束日期": _iso(end),
                "执行地区划代码": str(self.geo.counties[self.parties.home(np.array([party]))[0]]),
                "状态": status,
            }
        )

    # --- enforcement ---------------------------------------------------------------------

    def enforcement(
        self,
        debtor: int,
        court: int,
        filed: int,
        closed: int = NONE,
        mode: str = "",
        *,
        kind: str = "执",
        amount: int = 80_000,
    ) -> str:
        """An enforcement case; ``mode`` is its 结案方式 ("" = still open)."""
        no = self.numbers.one(int(year_of(np.array([filed]))[0]), court, kind)
        unpaid = 0 if mode == "执行完毕" else amount * 3 // 4 // 1000 * 1000
        self._enforcement[no] = _Enforcement(debtor, court, closed, unpaid)
        name, pid = self._who(debtor)
        self.rows["enforcement_cases"].append(
            {
                "执行案号": no,
                "执行法院": court_name(court),
                "区划代码": str(court),
                "申请执行人": self._creditor(),
                "被执行人": name,
                "被执行人证件号": pid,
                "立案日期": _iso(filed),
                "结案日期": _iso(closed),
                "结案方式": mode,
                "执行标的金额": str(amount),
                "未履行金额": str(unpaid),
            }
        )
        return no

    def terminated(self, debtor: int, closed: int, court: int | None = None) -> str:
        """A case closed by 终结本次执行程序 on ``closed``, filed 3..10 months before."""
        court = self.county() if court is None else court
        filed = closed - int(self.rng.integers(90, 300))
        return self.enforcement(debtor, court, filed, closed, "终结本次执行程序")

    def paid(self, debtor: int, done: int, *, restoring: str | None = None) -> str:
        """A case paid off on ``done`` with its completion row; when ``restoring`` names an
        earlier case, this is its restored case (执恢) and the completion says so."""
        if restoring is None:
            court, kind = self.county(), "执"
        else:
            court, kind = self._enforcement[restoring].court, "执恢"
        filed = done - int(self.rng.integers(40, 200))
        case = self.enforcement(debtor, court, filed, done, "执行完毕", kind=kind)
        self.completion(case, done, original=restoring or "")
        return case

    def disclosure(self, case: str, status: str, terminated: int | None = None) -> None:
        """A 终本 disclosure record of the case (终本日期 defaults to its closing day)."""
        e = self._enforcement[case]
        day = e.closed if terminated is None else terminated
        name, pid = self._who(e.debtor)
        self.rows["terminated_disclosures"].append(
            {
                "执行案号": case,
                "被执行人": name,
                "被执行人证件号": pid,
                "终本日期": _iso(day),
                "未履行金额": str(e.unpaid),
                "公开状态": status,
                "公开日期": "" if status == "未公开" else _iso(day + 2),
            }
        )

    def listing(self, case: str, listed: int, status: str, shielded: int = NONE) -> None:
        """A dishonest-list entry for the case's debtor."""
        e = self._enforcement[case]
        name, pid = self._who(e.debtor)
        self.rows["dishonest_list"].append(
            {
                "执行案号": case,
                "被执行人": name,
                "被执行人证件号": pid,
                "失信情形": "有履行能力而拒不履行生效法律文书确定义务",
                "纳入日期": _iso(listed),
                "屏蔽日期": _iso(shielded),
                "状态": status,
            }
        )

    def completion(self, case: str, done: int, original: str = "") -> None:
        e = self._enforcement[case]
        self.rows["enforcement_completions"].append(
            {
                "执行案号": case,
                "原执行案号": original,
                "被执行人证件号": self._who(e.debtor)[1],
                "履行完毕日期": _iso(done),
            }
        )

    def low_income(
        self, party: int, start: int, end: int = NONE, category: str = "城市低保"
    ) -> None:
        name, pid = self._who(party)
        self.rows["low_income"].append(
            {
                "姓名": name,
                "身份证号": pid,
                "区划代码": str(self.geo.counties[self.parties.home(np.array([party]))[0]]),
                "保障类别": category,
                "保障起始日期": _iso(start),
                "保障终止日期": _iso(end),
            }
        )

    # --- what the models must and must not report ----------------------------------------

    def lead(self, rule: str, parties: list[int], cases: list[str], why: str) -> None:
        self.planted[rule].append(_Lead(parties, cases, why))

    def decoy(self, rule: str, parties: list[int], cases: list[str], why: str) -> None:
        self.decoys[rule].append(_Lead(parties, cases, why))

    def listings(self, leads: dict[str, list[_Lead]]) -> dict[str, list[dict]]:
        """Leads with canonical identifiers, as written to planted.json."""
        return {
            rule: [
                {
                    "persons": self.parties.ids(np.array(x.parties)).tolist(),
                    "cases": x.cases,
                    "why": x.why,
                }
                for x in items
            ]
            for rule, items in leads.items()
        }

    def tables(self) -> dict[str, Table]:
        return {name: Table.from_rows(name, rows) for name, rows in self.rows.items()}


def term_end(start: int, months: int) -> int:
    """Last day of a term of ``months`` starting on day ``start``."""
    return int(months_later(np.array([start]), np.array([months]))[0])


def _iso(value: int) -> str:
    return str(iso(np.array([value]))[0])
