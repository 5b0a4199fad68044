"""``xiansuo analyze``: project, find communities and key people, write them back, report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from xiansuo.analysis.communities import Community, centrality, find_communities
from xiansuo.analysis.projections import (
    co_offender_network,
    criminal_cases,
    debtor_network,
    enforcement_cases,
    person_case_graph,
)
from xiansuo.analysis.writeback import write_person_properties
from xiansuo.engines import GraphEngine
from xiansuo.model.files import atomic_write

__all__ = ["TOP", "Analysis", "KeyPerson", "analyze"]

TOP = 20


@dataclass(frozen=True)
class KeyPerson:
    """A person central to the co-offender network."""

    id_no: str
    community: int
    degree: int
    betweenness: float


@dataclass
class Analysis:
    """What one analysis found: projection sizes, communities, key people, timings."""

    projections: dict[str, dict[str, int]]
    communities: list[Community]
    key_people: list[KeyPerson]
    written: int
    seconds: dict[str, float] = field(default_factory=dict)

    def top_communities(self, n: int = TOP) -> list[Community]:
        """The widest groups: most county regions, then most members."""
        groups = [c for c in self.communities if c.size > 1]
        return sorted(groups, key=lambda c: (-len(c.regions), -c.size, c.id))[:n]

    def to_json(self, n: int = TOP) -> dict[str, Any]:
        return {
            "projections": self.projections,
            "communities": {
                "total": len(self.communities),
                "with_two_or_more": sum(c.size > 1 for c in self.communities),
                "top": [
                    {
                        "id": c.id,
                        "size": c.size,
                        "regions": list(c.regions),
                        "first_filed": c.first_filed,
                        "last_filed": c.last_filed,
                        "members": list(c.members),
                        "cases": list(c.cases),
                    }
                    for c in self.top_communities(n)
                ],
            },
            "key_people": [vars(p) for p in self.key_people[:n]],
            "written": self.written,
            "seconds": self.seconds,
        }

    def write(self, path: Path) -> None:
        atomic_write(path, json.dumps(self.to_json(), ensure_ascii=False, indent=1))


def _size(graph: nx.Graph) -> dict[str, int]:
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "components": nx.number_connected_components(graph),
    }


def analyze(engine: GraphEngine, *, progress: Callable[[str], None] | None = None) -> Analysis:
    """Analyse the graph and set ``ANALYSIS_PROPERTIES`` on every offender."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def step(name: str) -> None:
        nonlocal started
        seconds[name] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        if progress:
            progress(name)

    criminal, enforcement = criminal_cases(engine), enforcement_cases(engine)
    step("pull")
    offenders = co_offender_network(criminal)
    projections = {
        "co_offender": _size(offenders),
        "person_case": _size(person_case_graph(criminal)),
        "debtor": _size(debtor_network(enforcement)),
    }
    step("project")
    communities = find_communities(offenders, criminal)
    step("communities")
    between = centrality(offenders)
    step("centrality")
    by_person = {p: c for c in communities for p in c.members}
    rows = [
        {
            "id_no": p,
            "community": by_person[p].id,
            "community_size": by_person[p].size,
            "community_regions": len(by_person[p].regions),
            "degree": offenders.degree(p),
            "betweenness": round(between[p], 6),
        }
        for p in offenders
    ]
    written = write_person_properties(engine, rows)
    step("write")
    key_people = sorted(
        (
            KeyPerson(r["id_no"], r["community"], r["degree"], r["betweenness"])
            for r in rows
            if r["degree"] > 1
        ),
        key=lambda k: (-k.betweenness, -k.degree, k.id_no),
    )[:TOP]
    return Analysis(projections, communities, key_people, written, seconds)
