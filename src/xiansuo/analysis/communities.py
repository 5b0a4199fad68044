"""Communities of the co-offender network and the key people in them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeGuard

import networkx as nx

from xiansuo.analysis.projections import CaseRecord

__all__ = [
    "EXACT_LIMIT", "SEED", "Community", "centrality", "county_level", "find_communities", "louvain",
]  # fmt: skip

SEED = 6
# Components up to this many people get exact betweenness; larger ones a sample of this many
# sources (a BFS from each node of a large component would take minutes at 1M persons).
EXACT_LIMIT = 500


@dataclass(frozen=True)
class Community:
    """A group of co-offenders: members, their cases, county regions and filing dates."""

    id: int
    members: tuple[str, ...]
    cases: tuple[str, ...]
    regions: tuple[str, ...]
    first_filed: str | None
    last_filed: str | None

    @property
    def size(self) -> int:
        return len(self.members)


def county_level(region: str | None) -> TypeGuard[str]:
    """A county-level code: a city's own code (``xxxx00``, its intermediate court) is not.

    >>> county_level("511802"), county_level("511800"), county_level(None)
    (True, False, False)
    """
    return region is not None and region != "" and not region.endswith("00")


def find_communities(
    graph: nx.Graph, cases: list[CaseRecord], *, seed: int = SEED
) -> list[Community]:
    """Louvain communities (fixed seed: the same graph gives the same groups), largest first.

    Ids follow that order (ties by smallest member), so they are stable for the same data.
    """
    groups = louvain(graph, seed=seed)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    member_of = {person: i for i, group in enumerate(ordered) for person in group}
    found: list[list[CaseRecord]] = [[] for _ in ordered]
    for case in cases:
        # A case of several communities (a weak tie Louvain cut) counts for each of them.
        for index in {member_of[p] for p in case.parties}:
            found[index].append(case)
    communities = []
    for index, (members, own) in enumerate(zip(ordered, found, strict=True)):
        filed = sorted(c.filed for c in own if c.filed)
        communities.append(
            Community(
                id=index + 1,
                members=tuple(members),
                cases=tuple(sorted(c.case_no for c in own)),
                regions=tuple(sorted({c.region for c in own if county_level(c.region)})),
                first_filed=filed[0] if filed else None,
                last_filed=filed[-1] if filed else None,
            )
        )
    return communities


def louvain(graph: nx.Graph, *, seed: int = SEED) -> list[set[str]]:
    """networkx's Louvain communities, without running it where its answer is known.

    Louvain ends only when no community would gain by taking in a neighbouring one. Joining
    two neighbouring parts A and B of a connected group of total weighted degree D gains
    w/m - deg(A)·deg(B)/(2m²) in modularity (w ≥ the lightest edge's weight, m the graph's
    total weight), and deg(A)·deg(B) ≤ D²/4; so a group with D² ≤ 4·m·w always gains at
    least w/(2m) by merging and ends as one community, whatever the order of the moves. Only
    the other groups go through Louvain, with the resolution scaled to their share of the
    weight, which keeps every move's gain the same up to a positive factor.
    """
    total = graph.size(weight="weight")
    lightest = min((w for _, _, w in graph.edges(data="weight", default=1)), default=1)
    whole: list[set[str]] = []
    rest: set[str] = set()
    for group in nx.connected_components(graph):
        degree = sum(d for _, d in graph.degree(group, weight="weight"))
        if degree * degree <= 4 * total * lightest:
            whole.append(group)
        else:
            rest |= group
    if rest:
        sub = graph.subgraph(rest)
        share = sub.size(weight="weight") / total
        whole += nx.community.louvain_communities(sub, weight="weight", seed=seed,
                                                  resolution=share)  # fmt: skip
    return whole


def centrality(graph: nx.Graph, *, seed: int = SEED) -> dict[str, float]:
    """Betweenness of each person: how many pairs of others their shortest links run through.

    Not normalised, so a broker of a big group outranks the centre of a trio. Computed per
    connected component, so that the many small groups are exact and cheap; a component
    larger than ``EXACT_LIMIT`` is estimated from that many sampled sources (fixed seed).
    """
    scores = dict.fromkeys(graph, 0.0)
    for component in nx.connected_components(graph):
        if len(component) < 3:
            continue  # nobody lies between two others
        sub = graph.subgraph(component)
        k = EXACT_LIMIT if len(component) > EXACT_LIMIT else None
        scores.update(nx.betweenness_centrality(sub, k=k, normalized=False, seed=seed))
    return scores
