"""Shortest connections between two people, and a person's neighbourhood, as subgraphs.

Both pull a bounded neighbourhood through the engine (one ``UNWIND`` query per label and
hop) and search it with networkx. Cypher's ``shortestPath`` is outside the portable subset
(FalkorDB, design/cypher.md), and a bounded ``*1..N`` match between two people enumerates
every path up to N through each busy case; two pulls of radius N/2 touch far less.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import batched, islice, pairwise

import networkx as nx

from xiansuo.engines import GraphEngine
from xiansuo.engines.base import NodeKey
from xiansuo.model.labels import PARTY_LABELS, REGION, UNRESOLVED
from xiansuo.model.subgraph import GraphEdge, GraphNode, Subgraph
from xiansuo.model.texts import text
from xiansuo.model.vocabulary import Vocabulary

__all__ = ["LIMIT", "MAX_PATHS", "Step", "expansion_labels", "neighborhood", "queries",
           "shortest_paths"]  # fmt: skip

LIMIT = 500  # nodes pulled at most; a page of more would not be read anyway
MAX_PATHS = 5
_BATCH = 1_000
# Regions link everyone in them and loose records were never matched: neither is a tie.
_NOT_TIES = (REGION, UNRESOLVED)
Ref = tuple[str, str]  # (label, key value): how to find a node again


def expansion_labels(vocabulary: Vocabulary) -> list[NodeKey]:
    """The labels a connection may run through, each with its key property."""
    return [k for k in vocabulary.node_keys if k.label not in _NOT_TIES]


def _expand_query(key: NodeKey, vocabulary: Vocabulary) -> str:
    # Label and property come from the mappings, never from input; values are parameters.
    not_ties = " AND ".join(f"NOT m:{label}" for label in _NOT_TIES)
    # The nodes first, by their index, then their relationships: written as one pattern
    # after UNWIND, FalkorDB plans a scan of every node in the graph for the far end (the
    # label filters are on it), 10 s a key on a 1M-person graph instead of a millisecond.
    return f"""
MATCH (n:{key.label})
WHERE n.{key.property} IN $keys
WITH n, n.{key.property} AS k
MATCH (n)-[r]-(m)
WHERE {not_ties}
RETURN k AS ref, type(r) AS type, startNode(r) = n AS outgoing, properties(r) AS rel,
       labels(m)[0] AS label, {vocabulary.key_value("m")} AS other,
       {vocabulary.node_key("m")} AS key, properties(m) AS props
"""


@cache
def queries(vocabulary: Vocabulary) -> tuple[dict[str, str], dict[str, str]]:
    """The queries that pull a neighbourhood: one hop out of each label, and the start."""
    expand = {key.label: _expand_query(key, vocabulary) for key in expansion_labels(vocabulary)}
    start = {
        label: f"""
MATCH (n:{label} {{{vocabulary.key_of[label]}: $id}})
RETURN {vocabulary.node_key("n")} AS key, properties(n) AS props
"""
        for label in PARTY_LABELS
    }
    return expand, start


@dataclass(frozen=True)
class Step:
    """One relationship on a path, with the record it came from."""

    source: str
    target: str
    type: str
    role: str | None
    src_table: str | None
    src_file: str | None
    src_row: int | None


class _Pull:
    """A growing neighbourhood: nodes by key, the refs to expand them, their relationships."""

    def __init__(self, vocabulary: Vocabulary, limit: int) -> None:
        self.expand_queries, self.start_queries = queries(vocabulary)
        self.limit = limit
        self.graph: nx.Graph = nx.Graph()
        self.refs: dict[str, Ref] = {}
        self.omitted: set[str] = set()

    def add(self, key: str, label: str, ref: Ref, props: dict) -> bool:
        if key in self.graph:
            return True
        if len(self.graph) >= self.limit:
            self.omitted.add(key)
            return False
        self.graph.add_node(key, label=label, props=props)
        self.refs[key] = ref
        return True

    def start(self, engine: GraphEngine, id_no: str) -> str | None:
        for label, query in self.start_queries.items():
            for row in engine.read(query, {"id": id_no}):
                self.add(row["key"], label, (label, id_no), row["props"])
                return row["key"]
        return None

    def expand(self, engine: GraphEngine, frontier: Iterable[str]) -> list[str]:
        """One hop out of ``frontier``; returns the keys it added."""
        by_label: dict[str, dict[str, str]] = {}
        for key in frontier:
            label, ref = self.refs[key]
            by_label.setdefault(label, {})[ref] = key
        added = []
        for label, refs in sorted(by_label.items()):
            for chunk in batched(sorted(refs), _BATCH):
                for row in engine.read(self.expand_queries[label], {"keys": list(chunk)}):
                    source, other = refs[row["ref"]], row["key"]
                    new = other not in self.graph
                    found = (row["label"], row["other"])
                    if not self.add(other, row["label"], found, row["props"]):
                        continue
                    if new:
                        added.append(other)
                    ends = (source, other) if row["outgoing"] else (other, source)
                    if not self.graph.has_edge(source, other):
                        self.graph.add_edge(source, other, rels=[])
                    rels = self.graph.edges[source, other]["rels"]
                    # Met again from its other end on a later hop: keep it once.
                    if (ends, row["type"], row["rel"]) not in rels:
                        rels.append((ends, row["type"], row["rel"]))
        return added

    def around(self, engine: GraphEngine, key: str, hops: int) -> None:
        frontier, seen = [key], {key}
        for _ in range(hops):
            frontier = [k for k in self.expand(engine, frontier) if k not in seen]
            seen.update(frontier)

    def subgraph(
        self, title: str, keys: Iterable[str], pairs: Iterable[tuple[str, str]], focus: set[str]
    ) -> Subgraph:
        nodes = {
            k: GraphNode(k, self.graph.nodes[k]["label"], self.graph.nodes[k]["props"])
            for k in keys
        }
        edges = [
            GraphEdge(ends[0], ends[1], kind, props)
            for a, b in pairs
            for ends, kind, props in self.graph.edges[a, b]["rels"]
        ]
        return Subgraph(title, nodes, edges, focus, omitted_nodes=len(self.omitted))


def _steps(pull: _Pull, path: list[str]) -> list[Step]:
    steps = []
    for a, b in pairwise(path):
        for (source, target), kind, rel in pull.graph.edges[a, b]["rels"]:
            steps.append(
                Step(
                    source,
                    target,
                    kind,
                    rel.get("role"),
                    rel.get("src_table"),
                    rel.get("src_file"),
                    rel.get("src_row"),
                )
            )
    return steps


def shortest_paths(
    engine: GraphEngine,
    vocabulary: Vocabulary,
    a_id: str,
    b_id: str,
    *,
    max_hops: int = 6,
    limit: int = LIMIT,
    lang: str = "zh",
) -> tuple[Subgraph, list[list[Step]]]:
    """The shortest connections (up to ``MAX_PATHS``) between two people or organisations
    through cases, rosters and enforcement records, each step with its evidence.

    ``max_hops`` counts relationships: two co-defendants are 2 hops apart (person, case,
    person). No connection within it gives an empty list and a note on the subgraph, in
    ``lang``.
    """
    pull = _Pull(vocabulary, limit)
    a, b = pull.start(engine, a_id), pull.start(engine, b_id)
    title = text("path.title", lang)
    if a is None or b is None:
        found = Subgraph(title, focus={k for k in (a, b) if k})
        found.notes.append(text("path.not_in_graph", lang))
        return found, []
    # Any path of length <= max_hops has its middle within these radii of its two ends.
    pull.around(engine, a, (max_hops + 1) // 2)
    pull.around(engine, b, max_hops // 2)
    try:
        paths = list(islice(nx.all_shortest_paths(pull.graph, a, b), MAX_PATHS))
    except nx.NetworkXNoPath:
        paths = []
    paths = [p for p in paths if len(p) - 1 <= max_hops]
    keys = {k for p in paths for k in p} | {a, b}
    pairs = {tuple(sorted(pair)) for p in paths for pair in pairwise(p)}
    found = pull.subgraph(title, sorted(keys), sorted(pairs), {a, b})
    if not paths:
        found.notes.append(text("path.none_within", lang, hops=max_hops))
    if pull.omitted:
        found.notes.append(text("path.capped", lang, limit=limit))
    return found, [_steps(pull, p) for p in paths]


def neighborhood(
    engine: GraphEngine,
    vocabulary: Vocabulary,
    id_no: str,
    *,
    hops: int = 2,
    limit: int = LIMIT,
    lang: str = "zh",
) -> Subgraph:
    """Everything within ``hops`` relationships of a person (at most ``limit`` nodes)."""
    pull = _Pull(vocabulary, limit)
    start = pull.start(engine, id_no)
    title = text("neighborhood.title", lang, hops=hops)
    if start is None:
        found = Subgraph(title)
        found.notes.append(text("neighborhood.not_in_graph", lang))
        return found
    pull.around(engine, start, hops)
    found = pull.subgraph(title, sorted(pull.graph), sorted(pull.graph.edges), {start})
    if pull.omitted:
        found.notes.append(text("neighborhood.capped", lang, limit=limit))
    return found
