"""xiansuo's identifier checks against python-stdnum's (``stdnum.cn.ric``, ``stdnum.cn.uscc``)
on generated candidates: how often each accepts what the other rejects, and why.

    .venv/bin/python benchmarks/identifier_checks.py --count 100000 --seed 1

Resident IDs: xiansuo accepts a valid check character, birth date (1900..today) and
province, and flags (keeps) a division unknown to stdnum's history database or abolished
before the birth year; stdnum rejects both, and also a division created after the birth
year, which is normal (an ID is first issued years after birth). USCCs: xiansuo also checks
the registering authority, the organisation kind and the division's province (GB 32100);
stdnum checks length, characters and the check character only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterator

from stdnum.cn import ric, uscc

from xiansuo.graph_loader.resident_id import canonical_resident_id, check_char, resident_id_flag
from xiansuo.graph_loader.uscc import ALPHABET, canonical_uscc
from xiansuo.graph_loader.uscc import check_char as uscc_check
from xiansuo.model.errors import ValueRejected
from xiansuo.synth.regions import DIVISIONS

SICHUAN = [str(code) for code, _ in DIVISIONS if code % 100]


def _id(region: str, born: dt.date, seq: int) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + check_char(body)


def _born(rng: random.Random, first: int = 1930, last: int = 2010) -> dt.date:
    start, end = dt.date(first, 1, 1).toordinal(), dt.date(last, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def resident_candidates(rng: random.Random, count: int) -> dict[str, Iterator[str]]:
    def generated() -> Iterator[str]:  # what xiansuo's generator writes
        for _ in range(count):
            yield _id(rng.choice(SICHUAN), _born(rng), rng.randrange(1000))

    def any_division() -> Iterator[str]:  # any six digits, valid date and check
        for _ in range(count):
            yield _id(f"{rng.randrange(10**6):06d}", _born(rng), rng.randrange(1000))

    def typos() -> Iterator[str]:  # one digit of a generated ID changed
        for _ in range(count):
            valid = _id(rng.choice(SICHUAN), _born(rng), rng.randrange(1000))
            position = rng.randrange(18)
            digit = rng.choice([d for d in "0123456789" if d != valid[position]])
            yield valid[:position] + digit + valid[position + 1 :]

    return {"generated (Sichuan)": generated(), "any 6 digits": any_division(), "typos": typos()}


def uscc_candidates(rng: random.Random, count: int) -> dict[str, Iterator[str]]:
    def random_codes() -> Iterator[str]:
        for _ in range(count):
            first17 = "".join(rng.choices(ALPHABET, k=17))
            yield first17 + uscc_check(first17)

    def enterprise() -> Iterator[str]:  # 91 + a Sichuan county + organisation code
        for _ in range(count):
            first17 = "91" + rng.choice(SICHUAN) + "".join(rng.choices(ALPHABET, k=9))
            yield first17 + uscc_check(first17)

    def resident_typos() -> Iterator[str]:  # mistyped resident IDs that pass the MOD 31 check
        found = 0
        while found < count // 31:
            valid = _id(rng.choice(SICHUAN), _born(rng), rng.randrange(1000))
            position = rng.randrange(18)
            typo = valid[:position] + rng.choice("0123456789") + valid[position + 1 :]
            if typo != valid and uscc.is_valid(typo):
                found += 1
                yield typo

    return {"random 17 + check": random_codes(), "91 + county": enterprise(),
            "resident-ID typos": resident_typos()}  # fmt: skip


def _ours(check: Callable[[str], str], value: str) -> bool:
    try:
        check(value)
    except ValueRejected:
        return False
    return True


def _theirs(check: Callable[[str], bool], value: str) -> bool | None:
    """stdnum's verdict; None when it raises instead of answering."""
    try:
        return check(value)
    except Exception:  # stdnum.cn.ric raises KeyError for a province without that county
        return None


def compare(title: str, families: dict[str, Iterator[str]], ours: Callable[[str], str],
            theirs: Callable[[str], bool], flag: Callable[[str], str] | None) -> None:  # fmt: skip
    print(f"\n{title}")
    print(
        "| candidates | n | both accept | both reject | only xiansuo accepts "
        "(of which flagged) | only stdnum accepts | stdnum raised (xiansuo accepts, flagged) |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, values in families.items():
        counts: Counter[str] = Counter()
        for value in values:
            a, b = _ours(ours, value), _theirs(theirs, value)
            if b is None:
                counts["raised"] += 1
                counts["raised, ours accept"] += a
                counts["raised, flagged"] += bool(a and flag and flag(value))
            elif a:
                counts["both accept" if b else "only ours"] += 1
                counts["flagged"] += bool(not b and flag and flag(value))
            else:
                counts["only stdnum" if b else "both reject"] += 1
        n = sum(counts[k] for k in ("both accept", "both reject", "only ours", "only stdnum",
                                    "raised"))  # fmt: skip
        print(
            f"| {name} | {n:,} | {counts['both accept']:,} | {counts['both reject']:,} | "
            f"{counts['only ours']:,} ({counts['flagged']:,}) | {counts['only stdnum']:,} | "
            f"{counts['raised']:,} ({counts['raised, ours accept']:,}, "
            f"{counts['raised, flagged']:,}) |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    compare("Resident IDs: canonical_resident_id vs stdnum.cn.ric.is_valid",
            resident_candidates(rng, args.count), canonical_resident_id, ric.is_valid,
            resident_id_flag)  # fmt: skip
    compare("USCCs: canonical_uscc vs stdnum.cn.uscc.is_valid",
            uscc_candidates(rng, args.count), canonical_uscc, uscc.is_valid, None)  # fmt: skip


if __name__ == "__main__":
    main()
