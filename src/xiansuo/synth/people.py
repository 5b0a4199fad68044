"""The population: persons with valid resident IDs and organisations with valid USCCs."""

from __future__ import annotations

import datetime as dt

import numpy as np

from xiansuo.graph_loader import resident_id, uscc
from xiansuo.synth.columns import SD, day, iso, join, strings
from xiansuo.synth.names import company_names, person_names
from xiansuo.synth.regions import Geography

__all__ = ["ADULT_DAYS", "Organisations", "Parties", "Population", "yyyymmdd"]

_BORN_FIRST = day(dt.date(1940, 1, 1))
_BORN_LAST = day(dt.date(2006, 12, 31))
# Planted scenarios go back a decade; their people must have been adults by then.
_PLANTED_BORN = (day(dt.date(1950, 1, 1)), day(dt.date(1995, 12, 31)))
ADULT_DAYS = 18 * 365 + 5
# Random people get sequence numbers 1..898; 900..999 stay free for planted look-alikes,
# so a look-alike's ID can never collide with anybody else's.
_SEQ_PAIRS = 449
_LOOKALIKE_SEQ = 900
# Share of people who live outside the county where their ID was first registered.
_MOVED = 0.2
_EPOCH = np.datetime64("1970-01-01", "D")


def yyyymmdd(days: np.ndarray) -> np.ndarray:
    """Day numbers as integers like 19830510."""
    dates = _EPOCH + np.asarray(days, dtype=np.int64).astype("timedelta64[D]")
    months = dates.astype("datetime64[M]")
    year = months.astype(np.int64) // 12 + 1970
    month = months.astype(np.int64) % 12 + 1
    dom = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year * 10000 + month * 100 + dom


class Population:
    """``n`` natural persons; the first ``background`` are for random data, the rest planted.

    Identity parts are numbers; ID strings are built on first use, so that the check
    character (the costly part) is computed only for people who appear in some table.
    """

    def __init__(self, rng: np.random.Generator, geo: Geography, n: int, background: int):
        self.n = n
        self.background = background
        county = rng.choice(len(geo.counties), size=n, p=geo.weights)
        self.region = geo.counties[county]
        moved = rng.random(n) < _MOVED
        self.home = np.where(moved, rng.choice(len(geo.counties), size=n, p=geo.weights), county)
        self.birth = rng.integers(_BORN_FIRST, _BORN_LAST + 1, size=n)
        self.birth[background:] = rng.integers(*_PLANTED_BORN, size=n - background)
        self.male = rng.random(n) < 0.5
        self.seq = self._sequences(rng, self.male)
        self.names = person_names(rng, self.male)
        self._ids = np.full(n, "", dtype=SD)
        self._done = np.zeros(n, dtype=bool)
        self._lookalikes: dict[tuple[int, int, bool], int] = {}

    def _sequences(self, rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
        # Odd sequence = male (GB 11643). Redraw until (region, birth, seq) is unique.
        seq = np.empty(len(male), dtype=np.int64)
        todo = np.arange(len(male))
        while len(todo):
            pair = rng.integers(0, _SEQ_PAIRS, size=len(todo))
            seq[todo] = np.where(male[todo], 2 * pair + 1, 2 * pair + 2)
            key = (self.region * 100_000 + (self.birth - _BORN_FIRST)) * 1000 + seq
            _, first = np.unique(key, return_index=True)
            clash = np.ones(len(key), dtype=bool)
            clash[first] = False
            todo = np.flatnonzero(clash)
        return seq

    def ids(self, idx: np.ndarray) -> np.ndarray:
        """Canonical resident IDs of persons ``idx``."""
        idx = np.asarray(idx, dtype=np.int64)
        todo = np.unique(idx[~self._done[idx]])
        if len(todo):
            first17 = (
                self.region[todo] * 10**11 + yyyymmdd(self.birth[todo]) * 1000 + self.seq[todo]
            ).astype(SD)
            checks = strings([resident_id.check_char(s) for s in first17.tolist()])
            self._ids[todo] = join(first17, checks)
            self._done[todo] = True
        return self._ids[idx]

    def sex(self, idx: np.ndarray) -> np.ndarray:
        return np.where(self.male[idx], "男", "女").astype(SD)

    def births(self, idx: np.ndarray) -> np.ndarray:
        return iso(self.birth[idx])

    def sample(self, rng: np.random.Generator, share: float) -> np.ndarray:
        """A random ``share`` of the background persons, as sorted indices."""
        k = round(share * self.background)
        return np.sort(rng.choice(self.background, size=k, replace=False))

    def namesakes(self, rng: np.random.Generator, among: np.ndarray, pairs: int) -> np.ndarray:
        """Give ``pairs`` persons from ``among`` the name of another; returns (pairs, 2)."""
        chosen = rng.choice(np.unique(among), size=2 * pairs, replace=False).reshape(pairs, 2)
        self.names[chosen[:, 1]] = self.names[chosen[:, 0]]
        return chosen

    def lookalike(self, source: int, target: int) -> None:
        """Make ``target`` share ``source``'s name, sex, birth date and region: only the ID
        sequence differs (a stranger who looks the same on paper)."""
        if self._done[target]:
            raise RuntimeError("a look-alike must be made before its ID is used")
        male = bool(self.male[source])
        key = (int(self.region[source]), int(self.birth[source]), male)
        seq = self._lookalikes.get(key, _LOOKALIKE_SEQ + male)
        if seq > 999:
            raise RuntimeError("too many look-alikes of one person")
        self._lookalikes[key] = seq + 2
        self.names[target] = self.names[source]
        self.birth[target] = self.birth[source]
        self.region[target] = self.region[source]
        self.male[target] = male
        self.seq[target] = seq


class Organisations:
    """Companies that appear as enforcement debtors; the first ``background`` are random."""

    def __init__(self, rng: np.random.Generator, geo: Geography, n: int, background: int):
        self.n = n
        self.background = background
        self.home = rng.choice(len(geo.counties), size=n, p=geo.weights)
        self.names = company_names(rng, geo.county_names[self.home])
        self.ids = self._codes(rng, geo.counties[self.home])

    @staticmethod
    def _codes(rng: np.random.Generator, regions: np.ndarray) -> np.ndarray:
        # 91 (enterprise) + registration region + 9-character organisation code + check.
        alphabet = np.array(list(uscc.ALPHABET), dtype=SD)
        body = join(*(alphabet[rng.integers(0, len(alphabet), len(regions))] for _ in range(9)))
        first17 = join("91", regions.astype(SD), body).tolist()
        return strings([s + uscc.check_char(s) for s in first17])


class Parties:
    """Persons and organisations behind one integer: ``p >= 0`` a person, ``~o`` an org."""

    def __init__(self, persons: Population, orgs: Organisations):
        self.persons = persons
        self.orgs = orgs

    def _split(self, party: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        party = np.asarray(party, dtype=np.int64)
        return party >= 0, np.where(party >= 0, party, ~party)

    def ids(self, party: np.ndarray) -> np.ndarray:
        person, idx = self._split(party)
        out = np.full(len(idx), "", dtype=SD)
        out[person] = self.persons.ids(idx[person])
        out[~person] = self.orgs.ids[idx[~person]]
        return out

    def names(self, party: np.ndarray) -> np.ndarray:
        person, idx = self._split(party)
        out = np.full(len(idx), "", dtype=SD)
        out[person] = self.persons.names[idx[person]]
        out[~person] = self.orgs.names[idx[~person]]
        return out

    def home(self, party: np.ndarray) -> np.ndarray:
        """County index where the party lives or is registered."""
        person, idx = self._split(party)
        persons = self.persons.home[np.where(person, idx, 0)]
        return np.where(person, persons, self.orgs.home[np.where(person, 0, idx)])
