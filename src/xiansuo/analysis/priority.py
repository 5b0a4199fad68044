"""Lead priority: the rule's severity, raised by the network around the lead's people or by
the lead's own facts, as its rule declares (model.ranking)."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path
from typing import Any

from xiansuo.analysis.writeback import BATCH
from xiansuo.engines import GraphEngine
from xiansuo.model.files import atomic_write
from xiansuo.model.lead import Lead
from xiansuo.model.ranking import PriorityFact, PrioritySpec
from xiansuo.model.severity import severity_name, severity_weight
from xiansuo.model.texts import LANGS, text

__all__ = [
    "NETWORK", "Network", "Priority", "Ranking", "network_of", "prioritise", "read", "score",
    "score_facts", "write",
]  # fmt: skip

NETWORK = """
UNWIND $ids AS id
MATCH (p:Person {id_no: id})
WHERE p.community IS NOT NULL
RETURN p.id_no AS id, p.community_size AS size, p.community_regions AS regions,
       p.betweenness AS betweenness
"""


@dataclass(frozen=True)
class Network:
    """The widest network facts about a lead's people (the largest over its persons)."""

    size: int = 1
    regions: int = 0
    betweenness: float = 0.0


@dataclass(frozen=True)
class Priority:
    """A lead's score and why, in Chinese and English."""

    score: float
    zh: str
    en: str

    def why(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def network_of(engine: GraphEngine, persons: Iterable[str]) -> dict[str, Network]:
    """The analysis properties of each person who has them (see analysis.writeback)."""
    rows = [
        row
        for ids in batched(sorted(set(persons)), BATCH)
        for row in engine.read(NETWORK, {"ids": list(ids)})
    ]
    return {
        r["id"]: Network(int(r["size"] or 1), int(r["regions"] or 0), float(r["betweenness"] or 0))
        for r in rows
    }


def score(severity: str, net: Network) -> Priority:
    """Severity weight times a network factor of 1 (a lone person) and up.

    A larger group, more county regions and a more central person each raise it; the
    group's size and the centrality on a log scale, so one huge group cannot drown the rest.
    """
    group = 0.25 * math.log2(net.size)
    spread = 0.25 * max(net.regions - 1, 0)
    broker = 0.1 * math.log2(1 + net.betweenness)
    value = severity_weight(severity) * (1 + group + spread + broker)
    why = {lang: _why(severity, net, lang) for lang in LANGS}
    return Priority(round(value, 3), why["zh"], why["en"])


@dataclass(frozen=True)
class Ranking:
    """How one rule's leads rank (its ``priority``), with the names of its returned columns
    and of the values its facts weigh, by language, for the words that explain it."""

    spec: PrioritySpec = field(default_factory=PrioritySpec)
    titles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def title(self, column: str, lang: str) -> str:
        return self.titles.get(lang, {}).get(column) or column

    def value(self, value: str, lang: str) -> str:
        return self.values.get(lang, {}).get(value) or value


def _fact(fact: PriorityFact, value: Any, as_of: dt.date) -> tuple[float, str, dict[str, str]]:
    """What one fact adds to the factor, the text that says so and its values ("" if the
    lead does not have the fact)."""
    if value is None or value == "":
        return 0.0, "", {}
    if fact.kind == "values":
        return min(fact.values.get(str(value), 0.0), fact.max), "value", {"value": str(value)}
    if fact.kind == "per_year":
        try:
            since = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return 0.0, "", {}
        days = (as_of - since).days
        added = min(fact.per_year * max(days, 0) / 365.25, fact.max)
        years = as_of.year - since.year - ((as_of.month, as_of.day) < (since.month, since.day))
        if years >= 2:  # two years and more read better in whole years
            return added, "years", {"years": str(years)}
        return added, "days", {"days": str(days)}
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return 0.0, "", {}
    added = (
        min(fact.per_tenfold * math.log10(amount / fact.above), fact.max)
        if amount > fact.above
        else 0.0
    )
    return added, "amount", {"amount": f"{amount:,.0f}"}


def score_facts(
    severity: str, details: Mapping[str, Any], ranking: Ranking, as_of: str
) -> Priority:
    """Severity weight times 1 plus what each of the rule's facts adds: a lead ranked by
    what it is about (unpaid compensation, an amount, time passed), not by a network."""
    day = dt.date.fromisoformat(as_of)
    added, words = 0.0, {lang: [_severity_words(severity, lang)] for lang in LANGS}
    for fact in ranking.spec.facts:
        value, kind, shown = _fact(fact, details.get(fact.column), day)
        added += value
        for lang in LANGS if kind else ():
            named = (
                {**shown, "value": ranking.value(shown["value"], lang)}
                if "value" in shown
                else shown
            )
            title = ranking.title(fact.column, lang)
            words[lang].append(text(f"priority.fact_{kind}", lang, title=title, **named))
    why = {lang: text("priority.separator", lang).join(parts) for lang, parts in words.items()}
    return Priority(round(severity_weight(severity) * (1 + added), 3), why["zh"], why["en"])


def _severity_words(severity: str, lang: str) -> str:
    return text("priority.severity", lang, severity=severity_name(severity, lang))


def _why(severity: str, net: Network, lang: str) -> str:
    parts = [_severity_words(severity, lang)]
    if net.size > 1:
        parts.append(text("priority.group", lang, size=net.size, count=net.regions))
    else:
        parts.append(text("priority.no_group", lang))
    if net.betweenness >= 1:
        parts.append(text("priority.broker", lang, betweenness=f"{net.betweenness:g}"))
    return text("priority.separator", lang).join(parts)


def prioritise(
    engine: GraphEngine,
    leads: Iterable[Lead],
    rankings: Mapping[str, Ranking] | None = None,
    as_of: str | None = None,
) -> dict[str, Priority]:
    """Each lead's priority from its rule's severity and its widest-connected person, or,
    where its rule's ranking (by rule id; default: the network) says so, its own facts as
    of ``as_of`` (default: today)."""
    leads, rankings = list(leads), rankings or {}
    day = as_of or dt.date.today().isoformat()
    on_facts = {rule for rule, ranking in rankings.items() if not ranking.spec.network}
    nets = network_of(engine, (p for x in leads if x.rule not in on_facts for p in x.persons))
    out = {}
    for lead in leads:
        if lead.rule in on_facts:
            out[lead.lead_id] = score_facts(lead.severity, lead.details, rankings[lead.rule], day)
            continue
        known = [nets[p] for p in lead.persons if p in nets]
        widest = max(known, key=lambda n: (n.size, n.regions, n.betweenness), default=Network())
        out[lead.lead_id] = score(lead.severity, widest)
    return out


def write(path: Path, priorities: Mapping[str, Priority]) -> None:
    """``{lead_id: {"score": float, "why": {"zh": …, "en": …}}}``, highest score first."""
    ordered = sorted(priorities.items(), key=lambda item: (-item[1].score, item[0]))
    data: dict[str, Any] = {
        lead_id: {"score": p.score, "why": {"zh": p.zh, "en": p.en}} for lead_id, p in ordered
    }
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1))


def read(path: Path) -> dict[str, Priority]:
    """What ``write`` wrote, by lead id; empty when the analysis has not run."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        lead_id: Priority(float(entry["score"]), entry["why"]["zh"], entry["why"]["en"])
        for lead_id, entry in data.items()
    }
