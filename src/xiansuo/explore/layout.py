"""Where each node is drawn: a force layout with a fixed seed, so a view is laid out the same
way every time it is opened, on any launch and in any browser.

The browser draws the positions it is given and runs no physics of its own: the picture
an investigator remembers, prints or exports is the one they see next time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

__all__ = ["SPACING", "layout"]

SPACING = 110.0  # pixels between neighbours, about
MIN_GAP = 90.0  # pixels between any two nodes at least (up and down), for their labels
_WIDE = np.array([0.45, 1.0])  # side by side, they need twice as much and more
SEED = 13
# networkx lays out larger graphs with scipy's sparse arrays, which xiansuo does not ship;
# views are capped well below this (viz.page.MAX_NODES).
_FORCE_LIMIT = 500


def layout(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str]],
    fixed: Mapping[str, tuple[float, float]] | None = None,
    start: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions in pixels for ``nodes`` (keys), keeping ``fixed`` ones where they are and
    starting the others from ``start`` where given (near the node they were expanded from).

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
        return _sunflower(graph, pinned)
    if pinned:
        begin = {k: list(v) for k, v in (start or {}).items() if k in graph}
        found: dict = nx.spring_layout(
            graph,
            k=SPACING,
            pos=begin | {k: list(v) for k, v in pinned.items()},
            fixed=sorted(pinned),
            iterations=80,
            seed=SEED,
            method="force",
        )
    else:
        # Compact, at about the size it is read at; MIN_GAP then makes room for the labels.
        scale = SPACING * 0.6 * max(1.0, math.sqrt(len(graph)))
        found = nx.spring_layout(graph, iterations=100, seed=SEED, scale=scale, method="force")
    keys = list(found)
    spread = _apart(
        np.array([found[key] for key in keys], dtype=float), [k in pinned for k in keys]
    )
    return {
        key: (round(float(x), 1), round(float(y), 1))
        for key, (x, y) in zip(keys, spread, strict=True)
    }


def _apart(points: np.ndarray, pinned: list[bool], rounds: int = 40) -> np.ndarray:
    """Push nodes closer than ``MIN_GAP`` apart (a force layout lets them sit on each other,
    and their labels would too), pinned nodes staying where they are."""
    fixed = np.array(pinned, dtype=bool)
    # Labels are wider than tall: measured with x shrunk, nodes keep more room side by side.
    points = points * _WIDE
    for _ in range(rounds):
        delta = points[:, None, :] - points[None, :, :]
        distance = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(distance, 2 * MIN_GAP)  # a node is never too close to itself
        close = distance < MIN_GAP
        if not close.any():
            break
        # Each close pair moves apart along the line between them, by half the shortfall each.
        push = np.where(close, (MIN_GAP - distance) / np.maximum(distance, 1e-6) / 2, 0.0)
        # Two nodes on the very same spot: apart along a fixed direction, by their order.
        same = close & (distance < 1e-6)
        delta[same] = np.array([1.0, 0.0])
        moves = (delta * push[..., None]).sum(axis=1)
        moves[fixed] = 0.0
        points = points + moves
    return points / _WIDE


def _sunflower(graph: nx.Graph[str], pinned: Mapping[str, tuple[float, float]]) -> dict:
    """A view too large for the force layout: a disc, the nodes in key order from its centre
    outwards, each at least ``SPACING`` from the next (Vogel's sunflower)."""
    golden = math.pi * (3 - math.sqrt(5))
    placed = {
        key: (round(SPACING * 0.6 * math.sqrt(i) * math.cos(i * golden), 1),
              round(SPACING * 0.6 * math.sqrt(i) * math.sin(i * golden), 1))
        for i, key in enumerate(graph)
    }  # fmt: skip
    return {**placed, **pinned}
