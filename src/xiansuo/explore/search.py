"""One search box: a name, a full or masked ID with a name, a case number, an organisation
or its credit code, a lead id's first characters; the CLI resolves people with it too.

Names are looked up through the graph's name index (``Vocabulary.name_indexes``), a case
number after the loader's own normalisation, so ``（2023）川 1802 刑初 45 号`` finds
``(2023)川1802刑初45号``. Same-name people are told apart by what may be shown of them: the
masked ID, the birth year and the county their ID was issued in.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from xiansuo.engines import GraphEngine
from xiansuo.explore.queries import CASE_BY_NUMBER, REGIONS, explore_queries, starting
from xiansuo.graph_loader.case_number import canonical_case_number
from xiansuo.graph_loader.names import canonical_name
from xiansuo.graph_loader.resident_id import canonical_resident_id, looks_like_resident_id
from xiansuo.graph_loader.text import compact_id
from xiansuo.model.errors import ValueRejected
from xiansuo.model.labels import CASE, ORGANIZATION, PERSON
from xiansuo.model.lead import Lead
from xiansuo.model.vocabulary import Vocabulary

__all__ = ["LIMIT", "Ambiguous", "Finder", "Found", "NotFound", "regions_of"]

LIMIT = 20  # matches shown for one query
Kind = Literal["person", "organization", "case", "lead"]
_KINDS: dict[str, Kind] = {PERSON: "person", ORGANIZATION: "organization"}
# A masked identifier as xiansuo shows it (5118**********123X), or typed with fewer stars.
_MASKED = re.compile(r"([0-9A-Z]{1,8})\*+([0-9A-Z]{1,8})")
_LEAD_PREFIX = re.compile(r"[0-9a-f]{4,16}")
_IDENTIFIER = re.compile(r"[0-9A-Z]{15,18}")
# A piece of an identifier as people type it: digits and letters with a digit or a star.
_ID_PART = re.compile(r"(?=.*[0-9*])[0-9A-Za-z*]+")


@dataclass(frozen=True)
class Found:
    """One match: a party, a case or a lead, with what tells it apart from the others."""

    kind: Kind
    key: str  # the node's key (``Label:value``); a lead's id
    name: str  # a party's name, a case number, a lead's rule title
    id_no: str = ""  # a party's ID (masked on the way out)
    born: str = ""  # a person's birth year
    county: str = ""  # where a person's ID or an organisation's code was issued
    detail: str = ""  # a case's cause, a lead's summary
    leads: tuple[str, ...] = ()  # the leads naming this party or case
    exact: bool = True  # the whole name, not its beginning


class NotFound(LookupError):
    """Nobody matches what was typed."""


class Ambiguous(LookupError):
    """Several parties match what was typed; ``found`` lists them."""

    def __init__(self, query: str, found: list[Found]) -> None:
        super().__init__(query)
        self.found = found


def regions_of(engine: GraphEngine) -> dict[str, str]:
    """Region code → name, from the graph's jurisdictions."""
    return {row["code"]: row["name"] for row in engine.read(REGIONS) if row["name"]}


@dataclass
class _Query:
    """What was typed, taken apart."""

    name: str = ""
    full_ids: list[str] = field(default_factory=list)
    # Each masked ID's visible beginning and end, and its length (0: not known).
    masked: list[tuple[str, str, int]] = field(default_factory=list)


def _parse(text: str) -> _Query:
    """Names apart from identifiers; an identifier typed in groups (``5101 1219…``) is one."""
    query, words, run = _Query(), list[str](), list[str]()
    for word in [*unicodedata.normalize("NFKC", text).split(), ""]:
        if _ID_PART.fullmatch(word):
            run.append(word.upper())
            continue
        if run:
            _identifier("".join(run), query, words)
            run = []
        words.append(word)
    query.name = canonical_name("".join(words))
    return query


def _identifier(typed: str, query: _Query, words: list[str]) -> None:
    if masked := _MASKED.fullmatch(typed):
        # Its length counts when every hidden character has its star (as shown).
        length = len(typed) if len(typed) in (15, 18) else 0
        query.masked.append((masked.group(1), masked.group(2), length))
    elif _IDENTIFIER.fullmatch(typed):
        query.full_ids.append(_canonical_id(typed))
    else:
        words.append(typed)  # digits that are no identifier: part of what was typed


def _canonical_id(text: str) -> str:
    if looks_like_resident_id(text):
        try:
            return canonical_resident_id(text)
        except ValueRejected:
            pass
    return compact_id(text)


class Finder:
    """Searches one graph and the leads of its run (none when there is no run yet)."""

    def __init__(
        self,
        engine: GraphEngine,
        vocabulary: Vocabulary,
        leads: Sequence[Lead] = (),
        regions: dict[str, str] | None = None,
        rule_titles: dict[str, str] | None = None,
    ) -> None:
        self.engine, self.queries = engine, explore_queries(vocabulary)
        self.leads = {lead.lead_id: lead for lead in leads}
        self.regions = regions if regions is not None else regions_of(engine)
        self.rule_titles = rule_titles or {}
        self.leads_of: dict[str, list[str]] = defaultdict(list)  # ID or case → lead ids
        for lead in leads:
            for key in (*lead.persons, *lead.cases):
                self.leads_of[key].append(lead.lead_id)
        self._lead_ids = sorted(self.leads)
        self._lead_people = sorted({person for lead in leads for person in lead.persons})

    def search(self, text: str, limit: int = LIMIT) -> list[Found]:
        """The matches of what was typed, best first: whole names before beginnings of names,
        people with leads before those without."""
        text = text.strip()
        if not text:
            return []
        found = self._case(text) + self._leads(text)
        query = _parse(text)
        found += self._parties(query, limit)
        return found[:limit]

    def party(self, text: str) -> Found:
        """The one person or organisation ``text`` names (a full ID, a masked ID with the
        name, or a name nobody else has); NotFound or Ambiguous otherwise."""
        query = _parse(text.strip())
        found = [f for f in self._parties(query, LIMIT) if f.exact]
        if not found:
            raise NotFound(text)
        if len(found) > 1:
            raise Ambiguous(text, found)
        return found[0]

    # --- what is searched ----------------------------------------------------------------

    def _case(self, text: str) -> list[Found]:
        try:
            case_no = canonical_case_number(text)
        except ValueRejected:
            return []
        return [
            Found(
                "case",
                f"{CASE}:{row['case']}",
                row["case"],
                detail=row["cause"] or row["basis"] or "",
                leads=self._leads_of(row["case"]),
            )
            for row in self.engine.read(CASE_BY_NUMBER, {"case": case_no})
        ]

    def _leads(self, text: str) -> list[Found]:
        if not _LEAD_PREFIX.fullmatch(text):
            return []
        first = bisect_left(self._lead_ids, text)
        found = []
        for lead_id in self._lead_ids[first : first + LIMIT]:
            if not lead_id.startswith(text):
                break
            lead = self.leads[lead_id]
            title = self.rule_titles.get(lead.rule, lead.title)
            found.append(Found("lead", lead_id, title, detail=lead.summary))
        return found

    def _masked_alone(self, masked: list[tuple[str, str, int]], limit: int) -> list[dict]:
        """People a masked ID alone may be: those of the run's leads first (read from memory,
        they are whom investigators look for), else anyone in the graph, found through the
        ID index from its visible beginning (slow for a common beginning: a name helps)."""
        people, prefix = self._lead_people, masked[0][0]
        fits = []
        for person in people[bisect_left(people, prefix) :]:
            if not person.startswith(prefix):
                break
            if _fits(person, masked):
                fits.append(person)
        if fits:
            rows: list[dict] = []
            for id_no in fits[:limit]:
                for query_text in self.queries.party_by_id.values():
                    rows += self.engine.read(query_text, {"id": id_no})
            return rows
        rows = []
        for prefix, suffix, _ in masked:
            for query_text in self.queries.party_by_id_pattern.values():
                params = {**starting(prefix), "suffix": suffix, "limit": limit}
                rows += self.engine.read(query_text, params)
        return rows

    def _parties(self, query: _Query, limit: int) -> list[Found]:
        rows: list[dict] = []
        for id_no in query.full_ids:
            for query_text in self.queries.party_by_id.values():
                rows += self.engine.read(query_text, {"id": id_no})
        if query.full_ids:
            return self._described(rows, exact=True)
        if query.name:
            for query_text in self.queries.party_by_name.values():
                rows += self.engine.read(query_text, {"name": query.name, "limit": limit})
        elif query.masked:
            rows = self._masked_alone(query.masked, limit)
        rows = [row for row in rows if _fits(row["id"], query.masked)]
        found = self._described(rows, exact=True)
        if query.name and not query.masked and len(found) < limit:
            beginning: list[dict] = []
            for query_text in self.queries.party_by_name_start.values():
                params = {**starting(query.name), "limit": limit}
                beginning += self.engine.read(query_text, params)
            exact = {f.key for f in found}
            more = [f for f in self._described(beginning, exact=False) if f.key not in exact]
            found += more[: limit - len(found)]
        return found

    def _described(self, rows: Iterable[dict], *, exact: bool) -> list[Found]:
        found = {}
        for row in rows:
            kind, id_no = _KINDS[row["label"]], row["id"]
            found[f"{row['label']}:{id_no}"] = Found(
                kind,
                f"{row['label']}:{id_no}",
                row["name"] or "",
                id_no,
                born=id_no[6:10] if kind == "person" and len(id_no) == 18 else "",
                county=self._county(id_no, kind),
                leads=self._leads_of(id_no),
                exact=exact,
            )
        return sorted(found.values(), key=lambda f: (-len(f.leads), f.name, f.id_no))

    def _county(self, id_no: str, kind: Kind) -> str:
        # A resident ID begins with the county that issued it; a USCC has it at 3..8.
        code = id_no[:6] if kind == "person" else id_no[2:8]
        return self.regions.get(code, "")

    def _leads_of(self, key: str) -> tuple[str, ...]:
        return tuple(self.leads_of.get(key, ()))


def _fits(id_no: str, masked: list[tuple[str, str, int]]) -> bool:
    return all(
        id_no.startswith(prefix) and id_no.endswith(suffix) and length in (0, len(id_no))
        for prefix, suffix, length in masked
    )
