"""Lead priority: the rule's severity, raised by the network around the lead's people."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import batched
from pathlib import Path
from typing import Any

from xiansuo.analysis.writeback import BATCH
from xiansuo.engines import GraphEngine
from xiansuo.model.files import atomic_write
from xiansuo.model.lead import Lead
from xiansuo.model.severity import severity_name, severity_weight
from xiansuo.model.texts import LANGS, text

__all__ = ["NETWORK", "Network", "Priority", "network_of", "prioritise", "read", "score", "write"]

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


def _why(severity: str, net: Network, lang: str) -> str:
    parts = [text("priority.severity", lang, severity=severity_name(severity, lang))]
    if net.size > 1:
        parts.append(text("priority.group", lang, size=net.size, count=net.regions))
    else:
        parts.append(text("priority.no_group", lang))
    if net.betweenness >= 1:
        parts.append(text("priority.broker", lang, betweenness=f"{net.betweenness:g}"))
    return text("priority.separator", lang).join(parts)


def prioritise(engine: GraphEngine, leads: Iterable[Lead]) -> dict[str, Priority]:
    """Each lead's priority from its rule's severity and its widest-connected person."""
    leads = list(leads)
    nets = network_of(engine, (p for lead in leads for p in lead.persons))
    out = {}
    for lead in leads:
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
