"""A subgraph cut to a node budget: the focus first, then the nearest context."""

from __future__ import annotations

from collections import Counter, deque

from xiansuo.model.subgraph import Subgraph

__all__ = ["cap_subgraph"]


def _by_distance(subgraph: Subgraph) -> list[str]:
    """Node keys in breadth-first order from the focus (unreachable nodes last)."""
    neighbours: dict[str, list[str]] = {key: [] for key in subgraph.nodes}
    for edge in subgraph.edges:
        if edge.source in neighbours and edge.target in neighbours:
            neighbours[edge.source].append(edge.target)
            neighbours[edge.target].append(edge.source)
    start = [key for key in subgraph.nodes if key in subgraph.focus]
    order, seen, queue = [], set(start), deque(start)
    while queue:
        key = queue.popleft()
        order.append(key)
        for other in neighbours[key]:
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return order + [key for key in subgraph.nodes if key not in seen]


def cap_subgraph(subgraph: Subgraph, max_nodes: int) -> Subgraph:
    """At most ``max_nodes`` nodes; what is dropped is counted in ``omitted_*``.

    >>> from xiansuo.model.subgraph import GraphEdge, GraphNode
    >>> g = Subgraph("t", {k: GraphNode(k, "Case") for k in "abc"},
    ...              [GraphEdge("a", "b", "R"), GraphEdge("b", "c", "R")], focus={"a"})
    >>> small = cap_subgraph(g, 2)
    >>> sorted(small.nodes), small.omitted_nodes, small.omitted_edges
    (['a', 'b'], 1, 1)
    """
    if len(subgraph.nodes) <= max_nodes:
        return subgraph
    kept = set(_by_distance(subgraph)[:max_nodes])
    edges = [e for e in subgraph.edges if e.source in kept and e.target in kept]
    return Subgraph(
        title=subgraph.title,
        nodes={k: n for k, n in subgraph.nodes.items() if k in kept},
        edges=edges,
        focus=subgraph.focus & kept,
        omitted_nodes=subgraph.omitted_nodes + len(subgraph.nodes) - len(kept),
        omitted_edges=subgraph.omitted_edges + len(subgraph.edges) - len(edges),
        notes=list(subgraph.notes),
        omitted_labels=subgraph.omitted_labels
        + Counter(n.label for k, n in subgraph.nodes.items() if k not in kept),
    )
