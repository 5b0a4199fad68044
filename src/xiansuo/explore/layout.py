"""Where each node is drawn: a force layout with a fixed seed, so a view is laid out the same
way every time it is opened, on any launch and in any browser.

The browser draws the positions it is given and runs no physics of its own: the picture
an investigator remembers, prints or exports is the one they see next time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx

__all__ = ["SPACING", "layout"]

SPACING = 110.0  # pixels between neighbours, about
SEED = 13
# networkx lays out larger graphs with scipy's sparse arrays, which xiansuo does not ship;
# views are capped well below this (viz.page.MAX_NODES).
_FORCE_LIMIT = 500


def layout(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str]],
    fixed: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions in pixels for ``nodes`` (keys), keeping ``fixed`` ones where they are.

    The result depends only on the nodes and edges, not on the order they are given in.

    >>> a = layout(["b", "a", "c"], [("a", "b"), ("b", "c")])
    >>> a == layout(["c", "b", "a"], [("c", "b"), ("b", "a")])
    True
    >>> layout(["a", "b"], [], fixed={"a": (5.0, 7.0)})["a"]
    (5.0, 7.0)
    """
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(set(nodes)))
    joined = {(min(a, b), max(a, b)) for a, b in edges if a in graph and b in graph and a != b}
    graph.add_edges_from(sorted(joined))
    if len(graph) == 0:
        return {}
    pinned = {k: v for k, v in (fixed or {}).items() if k in graph}
    if len(graph) >= _FORCE_LIMIT:
        return _ring(graph, pinned)
    if pinned:
        found = nx.spring_layout(
            graph,
            k=SPACING,
            pos={k: list(v) for k, v in pinned.items()},
            fixed=sorted(pinned),
            iterations=80,
            seed=SEED,
            method="force",
        )
    else:
        # More repulsion than networkx's default (1/sqrt(n)): labels need room.
        k = 2.2 / math.sqrt(len(graph))
        scale = SPACING * max(1.0, math.sqrt(len(graph)))
        found = nx.spring_layout(graph, k=k, iterations=100, seed=SEED, scale=scale, method="force")
    return {key: (round(float(x), 1), round(float(y), 1)) for key, (x, y) in found.items()}


def _ring(graph: nx.Graph[str], pinned: Mapping[str, tuple[float, float]]) -> dict:
    radius = SPACING * len(graph) / (2 * math.pi)
    placed = {
        key: (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
        for key, angle in zip(
            graph, (2 * math.pi * i / len(graph) for i in range(len(graph))), strict=True
        )
    }
    return {**placed, **pinned}
