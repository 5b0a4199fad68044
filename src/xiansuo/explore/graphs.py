"""What the explorer reads from the graph: nodes by key, a node's neighbours a page at a
time (never all of a county's thousands), the view on screen, paths between two people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from xiansuo.analysis.paths import Step, shortest_paths
from xiansuo.explore.queries import explore_queries
from xiansuo.explore.workspace import Loaded
from xiansuo.model.labels import PARTY_LABELS
from xiansuo.model.subgraph import GraphEdge, GraphNode, Subgraph
from xiansuo.model.vocabulary import Vocabulary

__all__ = ["CAP", "Neighbours", "neighbours", "nodes_by_key", "party_path", "split_key"]

CAP = 50  # neighbours shown per expansion; "show more" shows the next as many
MOST_COUNTED = 2_000  # neighbours counted at most; a county has tens of thousands


def split_key(key: str) -> tuple[str, str]:
    """``Label:value`` → (label, value)."""
    label, _, value = key.partition(":")
    return label, value


def nodes_by_key(
    loaded: Loaded, vocabulary: Vocabulary, keys: Iterable[str]
) -> dict[str, GraphNode]:
    """The nodes with these keys that exist, read a label at a time."""
    queries = explore_queries(vocabulary).nodes
    by_label: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        label, value = split_key(key)
        if label in queries:
            by_label[label].append(value)
    found = {}
    for label, values in sorted(by_label.items()):
        for row in loaded.graph.read(queries[label], {"keys": sorted(set(values))}):
            found[row["key"]] = GraphNode(row["key"], row["label"], row["props"])
    return found


@dataclass(frozen=True)
class Neighbours:
    """One page of a node's neighbours: the node and them, and how many it has in all
    (``MOST_COUNTED`` when it has that many or more: ``more_than`` says so)."""

    graph: Subgraph
    total: int
    skip: int

    @property
    def more_than(self) -> bool:
        return self.total >= MOST_COUNTED


def neighbours(
    loaded: Loaded, vocabulary: Vocabulary, key: str, *, skip: int = 0, limit: int = CAP
) -> Neighbours | None:
    """The node ``key`` and its neighbours from the ``skip``-th on, at most ``limit`` of them
    (in the engine's order, the same every time); None if there is no such node."""
    queries = explore_queries(vocabulary)
    label, value = split_key(key)
    centre = nodes_by_key(loaded, vocabulary, [key]).get(key)
    if centre is None:
        return None
    graph = Subgraph("", {key: centre}, focus={key})
    params = {"key": value, "skip": skip, "limit": limit}
    for row in loaded.graph.read(queries.neighbours[label], params):
        other = row["key"]
        graph.nodes.setdefault(other, GraphNode(other, row["label"], row["props"]))
        source, target = (key, other) if row["outgoing"] else (other, key)
        graph.edges.append(GraphEdge(source, target, row["type"], row["rel"]))
    (count,) = loaded.graph.read(queries.degree[label], {"key": value, "most": MOST_COUNTED})
    total = max(int(count["degree"]), skip + len(graph.edges))
    return Neighbours(graph, total, skip)


def party_path(
    loaded: Loaded, vocabulary: Vocabulary, a: str, b: str, *, max_hops: int, lang: str
) -> tuple[Subgraph, list[list[Step]]] | None:
    """The shortest connections between two parties (keys); None if either is no party."""
    (label_a, id_a), (label_b, id_b) = split_key(a), split_key(b)
    if label_a not in PARTY_LABELS or label_b not in PARTY_LABELS:
        return None
    return shortest_paths(loaded.graph, vocabulary, id_a, id_b, max_hops=max_hops, lang=lang)
