"""Dirty mode, identity: wrong and missing resident IDs that entity resolution must undo.

A correct resolver (the project's rule) treats a party identifier like this:

- a valid ID (after canonicalisation, 15-digit numbers upgraded) is that person;
- an invalid resident ID is the ONE person, among the valid IDs seen anywhere in the load
  with the same normalised name, whose ID is one substituted character or one adjacent
  transposition away, and whose ID agrees with the row's 出生日期 and 性别 where present;
- an empty ID is the ONE person with the same name whose ID encodes the row's 出生日期;
- anything else is unresolved, and two different valid IDs are never merged.

The in-place messes here keep the records those of the clean data (a resolver that follows
the rule finds the true person, or, for a lonely typo, knows it cannot), and ``matches``
computes from the written cells what that resolver reports for every row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from xiansuo.graph_loader import uscc
from xiansuo.graph_loader.dates import canonical_date
from xiansuo.graph_loader.names import canonical_name
from xiansuo.graph_loader.resident_id import canonical_resident_id, is_resident_id
from xiansuo.model.errors import ValueRejected
from xiansuo.synth.columns import SD, strings
from xiansuo.synth.people import Population, yyyymmdd
from xiansuo.synth.tables import ID_COLUMNS, NAME_COLUMNS, Table

__all__ = [
    "IDENTITY",
    "MATCHES",
    "IdentityPlan",
    "Registry",
    "matches",
    "one_edit",
    "plan_identity",
    "typo",
]

IDENTITY = ("id_typo", "id_missing", "id_typo_lonely")
MATCHES = ("exact", "id15", "id_typo", "name_birth", "unresolved")

_RATE = 0.015  # each identity mess, of a table's person rows
_RESERVED = 0.1  # of the planted (and of the decoy) persons who can take a typo
_STRANGERS = 0.001  # of all person rows, per kind of same-name stranger (at least a few)
_AT_LEAST = 3
_TRIES = 30
# Tables where a person's only row can never make a lead on its own (see _lead_safe).
_LONELY_TABLES = ("case_parties", "enforcement_cases", "low_income", "community_corrections")


class Registry:
    """Persons by ID and by name, and which of them a resolver can find (``valid``: they
    keep a valid ID under their name somewhere in the load)."""

    def __init__(self, pop: Population):
        self.pop = pop
        self.names, code = np.unique(pop.names, return_inverse=True)
        self.code = code.astype(np.int64)
        key = pop.region.astype(np.int64) * 10**11 + yyyymmdd(pop.birth) * 1000 + pop.seq
        self._order = np.argsort(key, kind="stable")
        self._keys = key[self._order]
        self._code_of = dict(zip(self.names.tolist(), range(len(self.names)), strict=True))
        self.valid = np.zeros(pop.n, dtype=bool)
        self._start = np.zeros(len(self.names) + 1, dtype=np.int64)
        self._ids: np.ndarray = np.zeros(0, dtype=SD)
        self._bytes = np.zeros((0, 18), dtype=np.uint8)

    def persons(self, ids: np.ndarray) -> np.ndarray:
        """Person index of canonical resident IDs; -1 for organisations and others."""
        out = np.full(len(ids), -1, dtype=np.int64)
        resident = np.flatnonzero(
            (np.strings.str_len(ids) == 18) & ~np.strings.startswith(ids, "91")
        )
        if len(resident):
            key = np.strings.slice(ids[resident], 0, 17).astype(np.int64)
            pos = np.minimum(np.searchsorted(self._keys, key), len(self._keys) - 1)
            hit = self._keys[pos] == key
            out[resident[hit]] = self._order[pos[hit]]
        return out

    def set_valid(self, valid: np.ndarray) -> None:
        self.valid = valid
        members = np.flatnonzero(valid)
        members = members[np.argsort(self.code[members], kind="stable")]
        self._start = np.searchsorted(self.code[members], np.arange(len(self.names) + 1))
        self._ids = self.pop.ids(members)
        text = "".join(self._ids.tolist()).encode("ascii")
        self._bytes = np.frombuffer(text, dtype=np.uint8).reshape(len(members), 18)

    def same_name(self, code: int) -> list[str]:
        """The valid IDs seen under name ``code``."""
        if code < 0:
            return []
        return self._ids[self._start[code] : self._start[code + 1]].tolist()

    def strangers(self) -> np.ndarray:
        """Per person, how many other valid persons share the name."""
        counts = np.diff(self._start)
        return counts[self.code] - self.valid

    def typo_candidates(self, value: str, code: int, birth: str = "", male: str = "") -> list[str]:
        """Valid same-name IDs one edit from ``value``, agreeing with birth (YYYYMMDD) and
        sex (男/女) when given."""
        if code < 0 or len(value) != 18 or not value.isascii():
            return []
        lo, hi = int(self._start[code]), int(self._start[code + 1])
        # At most two characters differ: a quick vectorised sieve before the exact test.
        query = np.frombuffer(value.encode("ascii"), dtype=np.uint8)
        near = np.flatnonzero((self._bytes[lo:hi] != query).sum(axis=1) <= 2)
        return [
            c
            for c in self._ids[lo + near].tolist()
            if one_edit(value, c)
            and (not birth or c[6:14] == birth)
            and (not male or (int(c[16]) % 2 == 1) == (male == "男"))
        ]

    def resolve(self, cell: str, name: str, birth: str, sex: str) -> tuple[str, str]:
        """(match, canonical ID found) for a party cell, as a correct resolver sees it."""
        value = "".join(unicodedata.normalize("NFKC", cell).split()).upper()
        code = self._code_of.get(canonical_name(name), -1)
        birth = _birth(birth)
        if not value:
            if not birth:
                return "unresolved", ""
            found = [c for c in self.same_name(code) if c[6:14] == birth]
            return ("name_birth", found[0]) if len(found) == 1 else ("unresolved", "")
        try:
            return ("id15" if len(value) == 15 else "exact"), canonical_resident_id(value)
        except ValueRejected:
            pass
        if _valid_uscc(value):
            return "exact", value
        found = self.typo_candidates(value, code, birth, sex.strip())
        return ("id_typo", found[0]) if len(found) == 1 else ("unresolved", "")


def _birth(cell: str) -> str:
    if not cell.strip():
        return ""
    try:
        return canonical_date(cell).replace("-", "")
    except ValueRejected:
        return ""


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one substituted character or one transposition of
    two adjacent characters."""
    if len(a) != len(b) or a == b:
        return False
    # Such a difference spans at most two of three thirds: one third must agree.
    t = len(a) // 3
    if a[:t] != b[:t] and a[t : 2 * t] != b[t : 2 * t] and a[2 * t :] != b[2 * t :]:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return True
    i, j = diff[0], diff[-1]
    return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]


def typo(rng: np.random.Generator, value: str) -> str:
    """One digit of a resident ID substituted, or two adjacent different digits swapped, so
    that it is no valid resident ID (nor passes as a USCC)."""
    while True:
        if rng.random() < 0.7:
            pos = int(rng.integers(0, len(value)))
            if not value[pos].isdigit():
                continue
            others = [d for d in "0123456789" if d != value[pos]]
            out = value[:pos] + others[int(rng.integers(0, 9))] + value[pos + 1 :]
        else:
            pos = int(rng.integers(0, len(value) - 1))
            a, b = value[pos], value[pos + 1]
            if a == b or not (a.isdigit() and b.isdigit()):
                continue
            out = value[:pos] + b + a + value[pos + 2 :]
        if unreadable(out):
            return out


def unreadable(value: str) -> bool:
    """Neither a valid resident ID nor anything a loader could take for a USCC."""
    return not (is_resident_id(value) or _valid_uscc(value) or value.startswith("91"))


def _valid_uscc(value: str) -> bool:
    return (
        len(value) == 18
        and all(c in uscc.ALPHABET for c in value)
        and uscc.check_char(value[:17]) == value[17]
    )


@dataclass
class IdentityPlan:
    """Per table, the rows whose ID is rewritten in place (new cell, mess kind)."""

    registry: Registry
    edits: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)

    def protected(self, table: Table) -> np.ndarray:
        """Rows of the table that carry an identity mess."""
        out = np.zeros(len(table), dtype=bool)
        if table.name in self.edits:
            out[self.edits[table.name][0]] = True
        return out


def plan_identity(
    rng: np.random.Generator,
    tables: dict[str, Table],
    pop: Population,
    planted: Iterable[int] = (),
    decoys: Iterable[int] = (),
) -> IdentityPlan:
    """Choose the rows that get ``id_typo``, ``id_missing`` and ``id_typo_lonely`` (at most
    one per person, so everybody else keeps a valid ID) and draw their new cells."""
    registry = Registry(pop)
    names = [t for t in ID_COLUMNS if t in tables]
    table_of, row_of, person_of, safe_of = [], [], [], []
    for ti, name in enumerate(names):
        table = tables[name]
        person = registry.persons(table.columns[ID_COLUMNS[name]])
        rows = np.flatnonzero(person >= 0)
        # The resolver goes by the name on the row: it must be the person's.
        if (
            name in NAME_COLUMNS
            and (table.columns[NAME_COLUMNS[name]][rows] != pop.names[person[rows]]).any()
        ):
            raise RuntimeError(f"{name}: a person's name differs between rows")
        table_of.append(np.full(len(rows), ti, dtype=np.int64))
        row_of.append(rows)
        person_of.append(person[rows])
        safe_of.append(_lead_safe(table)[rows])
    table_of_all = np.concatenate(table_of)
    row_all = np.concatenate(row_of)
    person = np.concatenate(person_of)
    safe = np.concatenate(safe_of)
    named = np.isin(table_of_all, [i for i, t in enumerate(names) if t in NAME_COLUMNS])
    total = np.bincount(person, minlength=pop.n)
    named_rows = np.bincount(person[named], minlength=pop.n)
    per_table = np.bincount(table_of_all, minlength=len(names))
    used = np.zeros(pop.n, dtype=bool)

    def pick(eligible: np.ndarray, k: int) -> np.ndarray:
        """Up to ``k`` random eligible rows, one per person not yet used."""
        rows = rng.permutation(np.flatnonzero(eligible & ~used[person]))
        _, first = np.unique(person[rows], return_index=True)
        chosen = rows[np.sort(first)[: max(k, 0)]]
        used[person[chosen]] = True
        return chosen

    def quota(ti: int) -> int:
        return max(1, round(_RATE * per_table[ti]))

    lonely = [
        pick((table_of_all == ti) & named & safe & (total[person] == 1), quota(ti))
        for ti, t in enumerate(names)
        if t in _LONELY_TABLES
    ]
    lonely_rows = np.concatenate(lonely) if lonely else np.zeros(0, dtype=np.int64)
    valid = named_rows > 0
    valid[person[lonely_rows]] = False
    registry.set_valid(valid)

    # A typo can be resolved only if the person keeps a valid ID under the same name.
    typo_ok = named & (named_rows[person] >= 2)
    few = max(_AT_LEAST, round(_STRANGERS * len(person)))
    typos = []
    for group in (planted, decoys):
        members = np.zeros(pop.n, dtype=bool)
        members[np.fromiter(group, dtype=np.int64)] = True
        ok = typo_ok & members[person]
        typos.append(pick(ok, max(_AT_LEAST, round(_RESERVED * len(np.unique(person[ok]))))))
    # Precision: persons who share their name with another person in the load, some of
    # them with the same birth date too (only the ID tells them apart).
    strangers = registry.strangers()
    birth_key = registry.code * 100_000 + pop.birth
    members = np.flatnonzero(valid)
    _, inverse, counts = np.unique(birth_key[members], return_inverse=True, return_counts=True)
    twins = np.zeros(pop.n, dtype=bool)
    twins[members[counts[inverse] > 1]] = True
    typos.append(pick(typo_ok & twins[person], few))
    typos.append(pick(typo_ok & (strangers[person] > 0), few))
    already = np.bincount(table_of_all[np.concatenate(typos)], minlength=len(names))
    for ti, name in enumerate(names):
        if name in NAME_COLUMNS:
            typos.append(pick(typo_ok & (table_of_all == ti), quota(ti) - already[ti]))
    typo_rows = np.concatenate(typos)

    # An empty ID resolves by name and birth date when nobody else has both.
    _, inverse, counts = np.unique(birth_key, return_inverse=True, return_counts=True)
    alone = counts[inverse] == 1
    missing_rows = np.zeros(0, dtype=np.int64)
    if "case_parties" in names:
        ti = names.index("case_parties")
        births = tables["case_parties"].columns["出生日期"][row_all] != ""
        ok = (table_of_all == ti) & births & (named_rows[person] >= 2) & alone[person]
        missing_rows = pick(ok, quota(ti))

    plan = IdentityPlan(registry)
    found: dict[int, list[tuple[int, str, str]]] = {}
    ids = pop.ids(person[np.concatenate([typo_rows, lonely_rows])]).tolist()
    for r, value, kind in zip(
        np.concatenate([typo_rows, lonely_rows]).tolist(),
        ids,
        ["id_typo"] * len(typo_rows) + ["id_typo_lonely"] * len(lonely_rows),
        strict=True,
    ):
        code = int(registry.code[person[r]])
        want = [value] if kind == "id_typo" else []
        for _ in range(_TRIES):
            spoilt = typo(rng, value)
            if registry.typo_candidates(spoilt, code) == want:
                found.setdefault(int(table_of_all[r]), []).append((int(row_all[r]), spoilt, kind))
                break
    for r in missing_rows.tolist():
        found.setdefault(int(table_of_all[r]), []).append((int(row_all[r]), "", "id_missing"))
    for ti, edits in found.items():
        edits.sort()
        numbers, values, kinds = zip(*edits, strict=True)
        plan.edits[names[ti]] = (
            np.array(numbers, dtype=np.int64),
            strings(list(values)),
            strings(list(kinds)),
        )
    return plan


def _lead_safe(table: Table) -> np.ndarray:
    """Rows that make no lead on their own: a person's only row may then stay unresolved
    without changing any lead (a suspended or 管制 sentence alone can miss its correction
    intake; a 终本 case alone can be undisclosed)."""
    cols = table.columns
    n = len(table)
    if table.name == "case_parties":
        supervised = (cols["是否缓刑"] == "是") | (cols["主刑"] == "管制")
        return ~((cols["角色"] == "被告人") & supervised)
    if table.name == "enforcement_cases":
        return cols["结案方式"] != "终结本次执行程序"
    return np.full(n, table.name in ("low_income", "community_corrections"))


def matches(registry: Registry, table: Table, person: np.ndarray) -> np.ndarray:
    """What a correct resolver reports for each row's party, from the written cells:
    exact / id15 / id_typo / name_birth / unresolved ("" for tables without a party). A row
    it resolves must come out as its true person."""
    n = len(table)
    id_column = ID_COLUMNS.get(table.name)
    if id_column is None:
        return np.full(n, "", dtype=SD)
    cells = table.columns[id_column]
    out = np.full(n, "exact", dtype=SD)
    # Spaces, full-width characters and a lowercase x are plain canonicalisation: the true
    # ID, or its 15-digit form, once undone.
    todo = np.flatnonzero(cells != person)
    compact = _compact(cells[todo], person[todo])
    true = person[todo]
    short = np.strings.add(np.strings.slice(true, 0, 6), np.strings.slice(true, 8, 17))
    id15 = (compact == short) & np.strings.startswith(np.strings.slice(true, 6, 8), "19")
    out[todo[id15]] = "id15"
    todo = todo[(compact != true) & ~id15]
    if not len(todo):
        return out

    def values(header: str | None) -> list[str]:
        column = table.columns.get(header) if header else None
        return [""] * len(todo) if column is None else column[todo].tolist()

    found = []
    for cell, name, birth, sex, who in zip(
        cells[todo].tolist(),
        values(NAME_COLUMNS.get(table.name)),
        values("出生日期"),
        values("性别"),
        person[todo].tolist(),
        strict=True,
    ):
        match, resolved = registry.resolve(cell, name, birth, sex)
        if match != "unresolved" and resolved != who:
            raise RuntimeError(f"{table.name}: a resolved row is not its true person")
        found.append(match)
    out[todo] = strings(found)
    return out


_FULL_WIDTH = [(chr(c + 0xFEE0), chr(c)) for c in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def _compact(cells: np.ndarray, true: np.ndarray) -> np.ndarray:
    """Identifiers without spaces, in ASCII upper case (the loader's NFKC, vectorised for
    the forms this generator writes; only as far as needed to tell whether they are
    ``true``)."""
    out = np.strings.upper(np.strings.replace(np.strings.replace(cells, " ", ""), "\u3000", ""))
    wide = np.flatnonzero(out != true)
    part = out[wide]
    for full, ascii_ in _FULL_WIDTH:
        part = np.strings.replace(part, full, ascii_)
    out[wide] = part
    return out
