"""Generate the nine contract tables, planted.json and (dirty) row_truth for N persons.

Ratios, all of ``persons`` (the population of distinct natural persons, most of whom
appear in no table, like in a real county's records):

- 18 % are ever suspect or defendant (80 % in one case, up to four), 12 % ever a victim;
  a case has one to three defendants, 75 % tried in the defendant's home county, 3 %
  before an intermediate court (a third of those appeals, 刑终). About 30 % of persons
  appear in criminal cases, giving ~0.17 cases and ~0.36 party rows per person.
- 15 % are enforcement debtors (one to three cases); organisations, 3 % of persons, are
  debtors too (one to four cases). 15 % of 终本 cases are later restored (执恢).
- 3 % receive low-income support, plus 5 % of the victims.
- Community corrections follow from suspended sentences and 管制 (4 % never taken in),
  parole and 暂予监外执行.
- 0.3 % of persons are given another person's name on purpose (same-name strangers,
  besides the many that common names produce anyway).

Planted leads and decoys (``scenarios``) use reserved persons and organisations, 100
persons and 5 organisations per copy of the scenarios, one copy plus one per 100 000
persons. ``planted.json`` records as_of, the leads each model must report ("planted"),
the near misses it must not ("decoys"), the files and their encodings, the cases whose
区划代码 deliberately differs from their court code, and the deliberate same-name pairs.

Dirty mode (``mess.py``, ``identity.py``) rewrites rows in place and adds rows, and
writes ``row_truth/<table>.csv``: per file row, the true canonical ID of the row's person
or organisation (``person``), its ``mess``, what a loader must do with it (``expect``:
load / duplicate / reject) and what a correct entity resolver reports for its party
(``match``: exact / id15 / id_typo / name_birth / unresolved, empty without a party).

All randomness flows from one seed through separate streams (people, random records,
planted scenarios, mess), so the records do not depend on ``dirty`` and the output is
byte-identical for the same arguments.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from xiansuo.synth.casenos import CaseNumbers
from xiansuo.synth.columns import SD, day, strings
from xiansuo.synth.corrections import correction_table
from xiansuo.synth.criminal import OFFENDER_SHARE, VICTIM_SHARE, criminal_tables
from xiansuo.synth.enforcement import enforcement_tables
from xiansuo.synth.identity import IdentityPlan, plan_identity
from xiansuo.synth.mess import mess_table
from xiansuo.synth.people import Organisations, Parties, Population
from xiansuo.synth.plant import Plant
from xiansuo.synth.regions import Geography
from xiansuo.synth.scenarios import plant_scenarios
from xiansuo.synth.tables import HEADERS, Table
from xiansuo.synth.welfare import LOW_INCOME_SHARE, low_income_table
from xiansuo.synth.writer import (
    BOM,
    GBK,
    LABELS,
    PLAIN,
    XLSX,
    file_name,
    write_table,
    write_text_columns,
)

__all__ = ["AS_OF", "DIRTY_ENCODINGS", "MIN_PERSONS", "GenerationSummary", "generate"]

AS_OF = dt.date(2025, 6, 30)
MIN_PERSONS = 500
DEBTOR_SHARE = 0.15
ORG_SHARE = 0.03
_VICTIMS_ON_SUPPORT = 0.05
_NAMESAKES_PER_1000 = 3
_REPEAT_EVERY = 100_000  # one more copy of the scenarios per this many persons
_PERSONS_PER_REPEAT = 120
_ORGS_PER_REPEAT = 5

# Dirty mode exports each table the way one system or another does.
DIRTY_ENCODINGS = {
    "criminal_cases": GBK,
    "enforcement_cases": BOM,
    "terminated_disclosures": BOM,
    "low_income": XLSX,
}
# Files are in date order, like real exports; planted rows are merged into that order.
_ORDER = {
    "criminal_cases": "立案日期",
    "enforcement_cases": "立案日期",
    "terminated_disclosures": "终本日期",
    "dishonest_list": "纳入日期",
    "enforcement_completions": "履行完毕日期",
    "low_income": "保障起始日期",
    "community_corrections": "矫正开始日期",
}


@dataclass
class GenerationSummary:
    """What ``generate`` wrote."""

    out_dir: Path
    persons: int
    seed: int
    dirty: bool
    rows: dict[str, int]
    seconds: float
    as_of: dt.date = AS_OF
    planted: int = 0
    decoys: int = 0
    files: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """A few human lines."""
        mode = "dirty" if self.dirty else "clean"
        total = sum(self.rows.values())
        lines = [
            f"{self.persons:,} persons (seed {self.seed}, {mode}, as of {self.as_of}) → "
            f"{self.out_dir} in {self.seconds:.1f} s",
            f"{total:,} rows: " + ", ".join(f"{t} {n:,}" for t, n in self.rows.items()),
            f"planted {self.planted} leads and {self.decoys} decoys across the built-in models "
            "(planted.json)",
        ]
        if self.dirty:
            lines.append("row_truth/ says what a loader must do with every row")
        return "\n".join(lines)


def generate(
    out_dir: Path, persons: int, seed: int, dirty: bool = False, *, as_of: dt.date = AS_OF
) -> GenerationSummary:
    """Write all nine tables into ``out_dir`` (created if needed), with planted.json."""
    started = time.perf_counter()
    if persons < MIN_PERSONS:
        raise ValueError(f"persons must be at least {MIN_PERSONS}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    people_rng, data_rng, plant_rng, mess_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)
    )
    today = day(as_of)
    repeats = 1 + persons // _REPEAT_EVERY
    geo = Geography()
    pop = Population(people_rng, geo, persons, persons - repeats * _PERSONS_PER_REPEAT)
    n_orgs = max(10, round(ORG_SHARE * persons))
    orgs = Organisations(people_rng, geo, n_orgs + repeats * _ORGS_PER_REPEAT, n_orgs)
    parties = Parties(pop, orgs)
    numbers = CaseNumbers()
    # Planted scenarios first: they only need reserved people, and the random tables can
    # then be merged with them, written and dropped one by one (bounded memory).
    plant = Plant(plant_rng, geo, parties, numbers, today)
    plant_scenarios(plant, repeats)
    out = _Output(out_dir, plant.tables(), dirty, mess_rng, plant.designated)

    offenders = pop.sample(data_rng, OFFENDER_SHARE)
    victims = pop.sample(data_rng, VICTIM_SHARE)
    debtors = pop.sample(data_rng, DEBTOR_SHARE)
    supported = data_rng.choice(victims, round(_VICTIMS_ON_SUPPORT * len(victims)), replace=False)
    recipients = np.union1d(pop.sample(data_rng, LOW_INCOME_SHARE), supported)
    appearing = np.concatenate([offenders, victims, debtors, recipients])
    pairs = pop.namesakes(data_rng, appearing, max(2, pop.background * _NAMESAKES_PER_1000 // 1000))

    out.write(Table.from_rows("regions", geo.rows()))
    cases, party_table, sentences = criminal_tables(
        data_rng, geo, pop, numbers, today, offenders, victims
    )
    cases = out.merge(cases)
    out.write(party_table, filed=_filed_lookup(cases))
    out.write(cases)
    del cases, party_table
    out.write(correction_table(data_rng, geo, pop, sentences, today))
    del sentences
    for table in enforcement_tables(
        data_rng, geo, parties, numbers, today, debtors, np.arange(orgs.background)
    ):
        out.write(table)
    out.write(low_income_table(data_rng, geo, pop, recipients, today))
    out.finish(pop, _persons(plant.planted), _persons(plant.decoys))
    encodings = {name: out.encodings[name] for name in HEADERS}  # in contract order
    files = {name: file_name(name, enc) for name, enc in encodings.items()}
    rows = {name: out.rows[name] for name in HEADERS}

    planted = plant.listings(plant.planted)
    decoys = plant.listings(plant.decoys)
    document = {
        "as_of": as_of.isoformat(),
        "persons": persons,
        "seed": seed,
        "dirty": dirty,
        "files": {
            name: {"file": files[name], "encoding": LABELS[enc]} for name, enc in encodings.items()
        },
        "planted": planted,
        "decoys": decoys,
        # Cases whose 区划代码 names another county than their court code, on purpose.
        "designated_jurisdiction": plant.designated,
        "same_name_pairs": np.stack([pop.ids(pairs[:, 0]), pop.ids(pairs[:, 1])], axis=1).tolist(),
    }
    (out_dir / "planted.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return GenerationSummary(
        out_dir=out_dir,
        persons=persons,
        seed=seed,
        dirty=dirty,
        rows=rows,
        seconds=time.perf_counter() - started,
        as_of=as_of,
        planted=sum(len(v) for v in planted.values()),
        decoys=sum(len(v) for v in decoys.values()),
        files=files,
    )


def _persons(leads: dict) -> list[int]:
    return sorted({p for items in leads.values() for lead in items for p in lead.parties if p >= 0})


class _Output:
    """Merges a random table with its planted rows and writes it; in dirty mode it keeps
    the tables until all are made (who may get a wrong ID depends on every table a person
    appears in), then messes them up and writes them one by one."""

    def __init__(
        self,
        out_dir: Path,
        planted: dict[str, Table],
        dirty: bool,
        rng: np.random.Generator,
        designated: list[str],
    ):
        self.out_dir = out_dir
        self.planted = planted
        self.dirty = dirty
        self.rng = rng
        self.designated = designated
        self.encodings: dict[str, str] = {}
        self.rows: dict[str, int] = {}
        self.pending: list[Table] = []

    def merge(self, background: Table, filed: Callable | None = None) -> Table:
        """Planted rows merged into the background's date order (ties: background first)."""
        planted = self.planted.pop(background.name, None)  # merged once
        if planted is None:
            return background
        both = background.concat(planted)
        if filed is not None:
            # Party rows of one case stay together, cases in filing order.
            key = np.strings.add(filed(both.columns["案号"]), both.columns["案号"])
        else:
            key = both.columns[_ORDER[both.name]]
        return both.take(np.argsort(key, kind="stable"))

    def write(self, background: Table, filed: Callable | None = None) -> None:
        table = self.merge(background, filed)
        if self.dirty:
            self.pending.append(table)
        else:
            self._emit(table)

    def finish(self, pop: Population, planted: list[int], decoys: list[int]) -> None:
        """Dirty mode: plan the identity messes over all tables, then write them."""
        if not self.dirty:
            return
        tables = {t.name: t for t in self.pending}
        plan = plan_identity(self.rng, tables, pop, planted, decoys)
        del tables
        while self.pending:
            self._emit(self.pending.pop(0), plan)

    def _emit(self, table: Table, plan: IdentityPlan | None = None) -> None:
        name = table.name
        encoding = DIRTY_ENCODINGS.get(name, PLAIN) if self.dirty else PLAIN
        truth = self.out_dir / "row_truth" / f"{name}.csv"
        truth.unlink(missing_ok=True)  # a clean run leaves no stale truth behind
        if plan is not None:
            messed = mess_table(self.rng, table, plan, self.designated)
            table = messed.table
            truth.parent.mkdir(exist_ok=True)
            write_text_columns(
                truth,
                {
                    "row": np.arange(2, len(table) + 2).astype(SD),
                    "person": messed.person,
                    "mess": messed.mess,
                    "expect": messed.expect,
                    "match": messed.match,
                },
                PLAIN,
            )
        write_table(self.out_dir, table, encoding)
        self.encodings[name] = encoding
        self.rows[name] = len(table)


def _filed_lookup(cases: Table) -> Callable[[np.ndarray], np.ndarray]:
    """立案日期 by case number."""
    numbers = cases.columns["案号"]
    order = np.argsort(numbers)
    sorted_numbers, sorted_filed = numbers[order], cases.columns["立案日期"][order]

    def filed(query: np.ndarray) -> np.ndarray:
        return strings(sorted_filed[np.searchsorted(sorted_numbers, query)])

    return filed
