"""Dirty mode: the mess of real exports, and for every row what a loader must do with it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from xiansuo.synth.columns import SD, strings
from xiansuo.synth.identity import IDENTITY, IdentityPlan, Registry, matches, unreadable
from xiansuo.synth.tables import HEADERS, ID_COLUMNS, NAME_COLUMNS, Table

__all__ = ["COPIES", "COSMETIC", "IDENTITY", "REJECTS", "MessedTable", "mess_table"]

# Cosmetic mess rewrites a few % of the rows in place (a correct loader still loads them);
# so do the identity messes (a wrong or missing ID that entity resolution puts right, see
# identity.py). Exact duplicates, copies with a wrong ID digit and unusable rows are
# *added*, so the underlying records, and therefore the leads, stay those of the clean
# data. Per field group a row gets at most one kind of cosmetic mess, a row with an
# identity mess no cosmetic ID mess, and every added row exactly one mess that decides its
# fate (added rows are never made from rows with an identity mess).
_RATE = 0.03  # each cosmetic kind, of the table's rows
_DUPLICATES = 0.01
_REJECT_RATE = 0.004  # each kind of unusable row

# Full-width forms sit at a fixed offset from ASCII.
_FULL = {c: c + 0xFEE0 for c in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _id15(v: str, _: int) -> str:
    return v[:6] + v[8:17]


def _id_space(v: str, variant: int) -> str:
    return (f" {v} ", f"{v[:6]} {v[6:14]} {v[14:]}", f"\u3000{v}")[variant % 3]


def _name_space(v: str, variant: int) -> str:
    return (f" {v} ", f"{v[0]} {v[1:]}", f"\u3000{v}", f"{v[0]}\u3000{v[1:]}")[variant % 4]


def _date(style: str) -> Callable[[str, int], str]:
    def apply(v: str, _: int) -> str:
        y, m, d = v[:4], v[5:7], v[8:10]
        return {
            "slash": f"{y}/{int(m)}/{int(d)}",
            "cn": f"{y}年{int(m)}月{int(d)}日",
            "compact": f"{y}{m}{d}",
            "dot": f"{y}.{m}.{d}",
        }[style]

    return apply


def _brackets(left: str, right: str) -> Callable[[str, int], str]:
    return lambda v, _: v.replace("(", left).replace(")", right)


def _case_space(v: str, variant: int) -> str:
    return (v.replace(")", ") ").replace("号", " 号"), f" {v} ")[variant % 2]


@dataclass(frozen=True)
class _Kind:
    """A cosmetic mess: its name, the columns it touches, which values it may touch."""

    name: str
    columns: Callable[[str], list[str]]
    apply: Callable[[str, int], str]
    eligible: Callable[[np.ndarray], np.ndarray] = lambda v: v != ""


def _id_column(table: str) -> list[str]:
    return [ID_COLUMNS[table]] if table in ID_COLUMNS else []


def _suffix(suffix: str) -> Callable[[str], list[str]]:
    return lambda table: [h for h in HEADERS[table] if h.endswith(suffix)]


def _names(table: str) -> list[str]:
    return [h for h in HEADERS[table] if h in ("姓名", "被执行人", "申请执行人")]


def _is_resident(v: np.ndarray) -> np.ndarray:
    return (np.strings.str_len(v) == 18) & ~np.strings.startswith(v, "91")


def _born_1900s(v: np.ndarray) -> np.ndarray:
    return _is_resident(v) & np.strings.startswith(np.strings.slice(v, 6, 8), "19")


# Field groups: within a group a row gets at most one kind.
COSMETIC: tuple[tuple[_Kind, ...], ...] = (
    (
        _Kind("id15", _id_column, _id15, _born_1900s),
        _Kind("id_fullwidth", _id_column, lambda v, _: v.translate(_FULL)),
        _Kind("id_lower_x", _id_column, lambda v, _: v[:-1] + "x",
              lambda v: _is_resident(v) & np.strings.endswith(v, "X")),
        _Kind("id_space", _id_column, _id_space),
    ),
    (_Kind("name_space", _names, _name_space),),
    tuple(_Kind(f"date_{s}", _suffix("日期"), _date(s)) for s in ("slash", "cn", "compact", "dot")),
    (
        _Kind("case_fullwidth_brackets", _suffix("案号"), _brackets("（", "）")),
        _Kind("case_tortoise_brackets", _suffix("案号"), _brackets("〔", "〕")),
        _Kind("case_space", _suffix("案号"), _case_space),
    ),
)  # fmt: skip
_ID_KINDS = COSMETIC[0]
_REGION_BLANK = "region_blank"
_REGION_TABLES = ("criminal_cases", "enforcement_cases")

# Added rows a loader merges: exact duplicates, and copies whose resident ID has one wrong
# digit (resolved to the person of the row they copy, they repeat its record).
COPIES = ("duplicate", "id_wrong_digit")
REJECTS = ("key_empty", "date_impossible", "role_unknown")
_TRIES = 30
# What a correct resolver must report for a row with each identity mess.
_MATCH_OF = {
    "id_typo": "id_typo",
    "id_wrong_digit": "id_typo",
    "id_missing": "name_birth",
    "id_typo_lonely": "unresolved",
}
# The key a key_empty row lacks: a period of nobody. Where the key is the person, the name
# goes too, since a name alone is still a party a resolver keeps (unresolved), not a reject.
_KEY = {"low_income": ("身份证号", "姓名"), "community_corrections": ("身份证号", "姓名")}


@dataclass
class MessedTable:
    """A dirty table and, per row in file order, whose row it is, its mess, its fate and
    what a correct resolver reports for its party."""

    table: Table
    person: np.ndarray
    mess: np.ndarray
    expect: np.ndarray
    match: np.ndarray


def mess_table(
    rng: np.random.Generator, clean: Table, plan: IdentityPlan, keep_region: Sequence[str] = ()
) -> MessedTable:
    """Mess up one table, with the identity messes ``plan`` chose for it. ``keep_region``
    lists case numbers whose 区划代码 differs from their court's on purpose: blanking it
    would change what the case means."""
    n = len(clean)
    cols = {h: v.copy() for h, v in clean.columns.items()}
    mess: np.ndarray = np.full(n, "", dtype=SD)
    id_column = ID_COLUMNS.get(clean.name)
    person = clean.columns[id_column] if id_column else np.full(n, "", dtype=SD)
    protected = plan.protected(clean)

    for group in COSMETIC:
        taken = protected.copy() if group is _ID_KINDS else np.zeros(n, dtype=bool)
        for kind in group:
            columns = kind.columns(clean.name)
            if not columns:
                continue
            ok = np.zeros(n, dtype=bool)
            for c in columns:
                ok |= kind.eligible(clean.columns[c])
            rows = _pick(rng, np.flatnonzero(ok & ~taken), _RATE * n)
            taken[rows] = True
            variants = rng.integers(0, 12, len(rows))
            for c in columns:
                _rewrite(cols[c], rows, variants, kind)
            _note(mess, rows, kind.name)

    if clean.name in _REGION_TABLES:
        region = cols["区划代码"]
        designated = np.isin(clean.columns[_case_key(clean.name)], strings(list(keep_region)))
        ok = (region != "") & ~designated
        rows = _pick(rng, np.flatnonzero(ok), _RATE * n)
        region[rows] = ""
        _note(mess, rows, _REGION_BLANK)

    if clean.name in plan.edits:
        assert id_column is not None
        rows, values, kinds = plan.edits[clean.name]
        cols[id_column][rows] = values
        for identity in IDENTITY:
            _note(mess, rows[kinds == identity], identity)

    messed = Table(clean.name, cols)
    extra, anchors, extra_person, extra_mess, extra_expect = _extra_rows(
        rng, clean, messed, person, mess, protected, plan.registry
    )
    # Stable order: originals keep their order, each added row goes before row `anchor`.
    position = np.concatenate([np.arange(n), anchors])
    after = np.concatenate([np.ones(n, dtype=np.int8), np.zeros(len(anchors), dtype=np.int8)])
    order = np.lexsort((after, position))
    table = messed.concat(extra).take(order)
    person = np.concatenate([person, extra_person])[order]
    mess = np.concatenate([mess, extra_mess])[order]
    match = matches(plan.registry, table, person)
    _check_matches(table.name, mess, match)
    return MessedTable(
        table,
        person,
        mess,
        np.concatenate([np.full(n, "load", dtype=SD), extra_expect])[order],
        match,
    )


def _check_matches(table: str, mess: np.ndarray, match: np.ndarray) -> None:
    """Each identity mess must come out as planned (else the data would not measure what it
    says it does)."""
    delimited = np.strings.add(np.strings.add(";", mess), ";")
    for kind, want in _MATCH_OF.items():
        rows = np.strings.find(delimited, f";{kind};") >= 0
        if (match[rows] != want).any():
            raise RuntimeError(f"{table}: a row with {kind} does not resolve as {want}")


def _pick(rng: np.random.Generator, candidates: np.ndarray, want: float) -> np.ndarray:
    k = min(len(candidates), max(1, round(want)))
    return np.sort(rng.choice(candidates, size=k, replace=False)) if k else candidates[:0]


def _rewrite(column: np.ndarray, rows: np.ndarray, variants: np.ndarray, kind: _Kind) -> None:
    values = column[rows].tolist()
    ok = kind.eligible(column[rows]).tolist()
    column[rows] = strings(
        [kind.apply(v, int(w)) if e else v for v, w, e in zip(values, variants, ok, strict=True)]
    )


def _note(mess: np.ndarray, rows: np.ndarray, name: str) -> None:
    old = mess[rows]
    mess[rows] = np.where(old == "", name, np.strings.add(np.strings.add(old, ";"), name))


def _case_key(table: str) -> str:
    return "案号" if table == "criminal_cases" else "执行案号"


def _extra_rows(
    rng: np.random.Generator,
    clean: Table,
    messed: Table,
    person: np.ndarray,
    mess: np.ndarray,
    protected: np.ndarray,
    registry: Registry,
) -> tuple[Table, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exact duplicates of messed rows and wrong-digit copies of clean rows (after their
    original), unusable copies of clean rows (anywhere), with their anchors, subjects, mess
    and expected fate. None is made from a row with an identity mess."""
    n = len(clean)
    parts: list[Table] = []
    anchors, persons, messes, expects = [], [], [], []

    def after(rows: np.ndarray) -> np.ndarray:
        return rows + 1 + (rng.random(len(rows)) * (n - rows)).astype(np.int64)

    dup = _pick(rng, np.flatnonzero(~protected), _DUPLICATES * n)
    parts.append(messed.take(dup))
    anchors.append(after(dup))
    persons.append(person[dup])
    messes.append(np.where(mess[dup] == "", "duplicate", np.strings.add(mess[dup], ";duplicate")))
    expects.append(np.full(len(dup), "duplicate", dtype=SD))

    # A wrong digit in a resident ID: resolved (by name and one edit) to the person of the
    # row it copies, so it repeats that row's record. Only where the rule can resolve it:
    # a person's row with a name, the person keeping a valid ID in the load.
    column = ID_COLUMNS.get(clean.name)
    if column is not None and clean.name in NAME_COLUMNS:
        who = registry.persons(person)
        ok = (who >= 0) & ~protected & registry.valid[np.maximum(who, 0)]
        rows = _pick(rng, np.flatnonzero(ok), _REJECT_RATE * n)
        keep, spoilt = [], []
        codes = registry.code[who[rows]].tolist()
        for value, code in zip(person[rows].tolist(), codes, strict=True):
            for _ in range(_TRIES):
                wrong = _wrong_digit(rng, value)
                if registry.typo_candidates(wrong, code) == [value]:
                    keep.append(True)
                    spoilt.append(wrong)
                    break
            else:
                keep.append(False)
        rows = rows[np.array(keep, dtype=bool)]
        copies = clean.take(rows)
        copies.columns[column] = strings(spoilt)
        parts.append(copies)
        anchors.append(after(rows))
        persons.append(person[rows])
        messes.append(np.full(len(rows), "id_wrong_digit", dtype=SD))
        expects.append(np.full(len(rows), "duplicate", dtype=SD))

    for kind in REJECTS:
        target = _reject_target(clean, kind)
        if target is None:
            continue
        columns, ok = target
        rows = _pick(rng, np.flatnonzero(ok & ~protected), _REJECT_RATE * n)
        copies = clean.take(rows)
        for column in columns:
            copies.columns[column] = strings(
                [_spoil(kind, v) for v in copies.columns[column].tolist()]
            )
        parts.append(copies)
        anchors.append(rng.integers(0, n + 1, len(rows)))
        persons.append(person[rows])
        messes.append(np.full(len(rows), kind, dtype=SD))
        expects.append(np.full(len(rows), "reject", dtype=SD))

    extra = parts[0]
    for part in parts[1:]:
        extra = extra.concat(part)
    return (
        extra,
        np.concatenate(anchors),
        np.concatenate(persons),
        np.concatenate(messes).astype(SD),
        np.concatenate(expects),
    )


def _reject_target(table: Table, kind: str) -> tuple[tuple[str, ...], np.ndarray] | None:
    """The columns a kind of unusable row spoils, and the rows it can be made from."""
    cols = table.columns
    if kind == "key_empty":
        columns = _KEY.get(table.name, (next(iter(cols)),))
        return columns, cols[columns[0]] != ""
    if kind == "date_impossible":
        dates = [h for h in cols if h.endswith("日期")]
        return None if not dates else ((dates[0],), cols[dates[0]] != "")
    if kind == "role_unknown" and "角色" in cols:
        return ("角色",), np.ones(len(table), dtype=bool)
    return None


def _spoil(kind: str, value: str) -> str:
    if kind == "key_empty":
        return ""
    if kind == "date_impossible":
        return f"{value[:4]}-02-30"
    return "证人"  # role_unknown


def _wrong_digit(rng: np.random.Generator, value: str) -> str:
    """One of the first 17 digits of a resident ID replaced: MOD 11-2 catches every such
    change, but the result may still pass as a USCC by chance (1 in 31): draw again."""
    while True:
        pos = int(rng.integers(0, 17))
        others = [c for c in "0123456789" if c != value[pos]]
        spoilt = value[:pos] + others[int(rng.integers(0, len(others)))] + value[pos + 1 :]
        if unreadable(spoilt):
            return spoilt
