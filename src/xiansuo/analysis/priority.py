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
from xiansuo.queries.lead import Lead
from xiansuo.queries.rule import severity_name

__all__ = [
    "NETWORK", "PRIORITY_NAME", "SEVERITY", "Network", "Priority", "network_of", "prioritise",
    "read", "score", "write",
]  # fmt: skip

PRIORITY_NAME = "priority.json"

SEVERITY = {"low": 1.0, "medium": 2.0, "high": 3.0, "critical": 4.0}
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
    value = SEVERITY.get(severity, 1.0) * (1 + group + spread + broker)
    zh = [f"规则严重程度{severity_name(severity, 'zh')}"]
    en = [f"rule severity {severity}"]
    if net.size > 1:
        zh.append(f"所在共犯团伙{net.size}人，涉及{net.regions}个县区")
        en.append(f"in a co-offender group of {net.size} spanning {net.regions} county regions")
    else:
        zh.append("未发现共犯关系")
        en.append("no co-offenders found")
    if net.betweenness >= 1:
        zh.append(f"处于团伙关键位置（{net.betweenness:g}对成员间的最短联系经过此人）")
        en.append(f"a broker ({net.betweenness:g} pairs of members connect through them)")
    return Priority(round(value, 3), "；".join(zh), "; ".join(en))


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
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def read(path: Path) -> dict[str, Priority]:
    """What ``write`` wrote, by lead id; empty when the analysis has not run."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        lead_id: Priority(float(entry["score"]), entry["why"]["zh"], entry["why"]["en"])
        for lead_id, entry in data.items()
    }
