"""Dirty mode: the mess of real exports, and for every row what a loader must do with it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from xiansuo.graph_loader import resident_id, uscc
from xiansuo.synth.columns import SD, strings
from xiansuo.synth.tables import HEADERS, ID_COLUMNS, Table

__all__ = ["COSMETIC", "REJECTS", "MessedTable", "mess_table"]

# Cosmetic mess rewrites a few % of the rows in place (a correct loader still loads them);
# exact duplicates and unusable rows are *added*, so the underlying records, and therefore
# the leads, stay those of the clean data. Per field group a row gets at most one kind of
# cosmetic mess, and every added row carries exactly one mess that decides its fate.
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
_REGION_BLANK = "region_blank"
_REGION_TABLES = ("criminal_cases", "enforcement_cases")

REJECTS = ("id_wrong_digit", "key_empty", "date_impossible", "role_unknown")
_KEY = {"low_income": "身份证号", "community_corrections": "身份证号"}


@dataclass
class MessedTable:
    """A dirty table and, per row in file order, whose row it is, its mess and fate."""

    table: Table
    person: np.ndarray
    mess: np.ndarray
    expect: np.ndarray


def mess_table(
    rng: np.random.Generator, clean: Table, keep_region: Sequence[str] = ()
) -> MessedTable:
    """Mess up one table. ``keep_region`` lists case numbers whose 区划代码 differs from
    their court's on purpose: blanking it would change what the case means."""
    n = len(clean)
    cols = {h: v.copy() for h, v in clean.columns.items()}
    mess = np.full(n, "", dtype=SD)
    id_column = ID_COLUMNS.get(clean.name)
    person = clean.columns[id_column] if id_column else np.full(n, "", dtype=SD)

    for group in COSMETIC:
        taken = np.zeros(n, dtype=bool)
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

    messed = Table(clean.name, cols)
    extra, anchors, extra_person, extra_mess, extra_expect = _extra_rows(
        rng, clean, messed, person, mess
    )
    # Stable order: originals keep their order, each added row goes before row `anchor`.
    position = np.concatenate([np.arange(n), anchors])
    after = np.concatenate([np.ones(n, dtype=np.int8), np.zeros(len(anchors), dtype=np.int8)])
    order = np.lexsort((after, position))
    return MessedTable(
        messed.concat(extra).take(order),
        np.concatenate([person, extra_person])[order],
        np.concatenate([mess, extra_mess])[order],
        np.concatenate([np.full(n, "load", dtype=SD), extra_expect])[order],
    )


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
    rng: np.random.Generator, clean: Table, messed: Table, person: np.ndarray, mess: np.ndarray
) -> tuple[Table, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exact duplicates of messed rows (after their original) and unusable copies of clean
    rows (anywhere), with their anchors, subjects, mess and expected fate."""
    n = len(clean)
    parts: list[Table] = []
    anchors, persons, messes, expects = [], [], [], []

    dup = _pick(rng, np.arange(n), _DUPLICATES * n)
    parts.append(messed.take(dup))
    anchors.append(dup + 1 + (rng.random(len(dup)) * (n - dup)).astype(np.int64))
    persons.append(person[dup])
    messes.append(np.where(mess[dup] == "", "duplicate", np.strings.add(mess[dup], ";duplicate")))
    expects.append(np.full(len(dup), "duplicate", dtype=SD))

    for kind in REJECTS:
        target = _reject_target(clean, kind)
        if target is None:
            continue
        column, ok = target
        rows = _pick(rng, np.flatnonzero(ok), _REJECT_RATE * n)
        copies = clean.take(rows)
        copies.columns[column] = strings(
            [_spoil(kind, v, rng) for v in copies.columns[column].tolist()]
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


def _reject_target(table: Table, kind: str) -> tuple[str, np.ndarray] | None:
    """The column a kind of unusable row spoils, and the rows it can be made from."""
    cols = table.columns
    if kind == "id_wrong_digit":
        column = ID_COLUMNS.get(table.name)
        return None if column is None else (column, np.strings.str_len(cols[column]) == 18)
    if kind == "key_empty":
        column = _KEY.get(table.name, next(iter(cols)))
        return column, cols[column] != ""
    if kind == "date_impossible":
        dates = [h for h in cols if h.endswith("日期")]
        return None if not dates else (dates[0], cols[dates[0]] != "")
    if kind == "role_unknown" and "角色" in cols:
        return "角色", np.ones(len(table), dtype=bool)
    return None


def _spoil(kind: str, value: str, rng: np.random.Generator) -> str:
    if kind == "key_empty":
        return ""
    if kind == "date_impossible":
        return f"{value[:4]}-02-30"
    if kind == "role_unknown":
        return "证人"
    # One character of the first 17 replaced: MOD 11-2 and MOD 31 catch every such change.
    # But an all-digit string may pass as the other kind of identifier by chance (1 in 31
    # for a USCC), and then a loader rightly keeps it: draw again until it passes neither.
    org = value.startswith("91")
    alphabet = uscc.ALPHABET if org else "0123456789"
    while True:
        pos = int(rng.integers(2 if org else 0, 17))
        others = [c for c in alphabet if c != value[pos]]
        spoilt = value[:pos] + others[int(rng.integers(0, len(others)))] + value[pos + 1 :]
        if not (_valid_resident_id(spoilt) or _valid_uscc(spoilt)):
            return spoilt


def _valid_resident_id(value: str) -> bool:
    return value[:17].isdigit() and resident_id.check_char(value[:17]) == value[17]


def _valid_uscc(value: str) -> bool:
    return all(c in uscc.ALPHABET for c in value) and uscc.check_char(value[:17]) == value[17]
