"""A query's rows as a graph: the columns whose values are parties' ID numbers or case
numbers of the run's graph, and those nodes with the records around them (one hop)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xiansuo.explore.graphs import nodes_by_key
from xiansuo.explore.workspace import Loaded
from xiansuo.model.labels import CASE, PARTY_LABELS
from xiansuo.model.subgraph import Subgraph
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.viz.lead_graph import add_rows, read_relationships

__all__ = ["GRAPH_ROWS", "RowNodes", "row_graph", "row_nodes"]

GRAPH_ROWS = 100  # rows whose nodes are drawn: the canvas reads at a few hundred nodes


@dataclass(frozen=True)
class RowNodes:
    """Which columns name persons (or organisations) and which cases, and the nodes' keys
    (``Label:value``) the first ``GRAPH_ROWS`` rows name, in the rows' order."""

    persons: tuple[str, ...]
    cases: tuple[str, ...]
    keys: tuple[str, ...]


def _texts(rows: Sequence[Mapping[str, Any]], column: str) -> set[str]:
    return {row[column] for row in rows if isinstance(row.get(column), str) and row[column]}


def row_nodes(
    loaded: Loaded, vocabulary: Vocabulary, rows: Sequence[Mapping[str, Any]],
    columns: Iterable[str],
) -> RowNodes:  # fmt: skip
    """A column names parties (cases) when each of its texts is the key of a party (case)
    in the graph: what a rule's ``lead.persons`` (``lead.cases``) would be."""
    rows = rows[:GRAPH_ROWS]
    labels = (*PARTY_LABELS, CASE)
    values = {column: _texts(rows, column) for column in columns}
    asked = {f"{label}:{v}" for texts in values.values() for v in texts for label in labels}
    found = nodes_by_key(loaded, vocabulary, asked)
    persons, cases = [], []
    for column, texts in values.items():
        if not texts:
            continue
        if all(any(f"{label}:{v}" in found for label in PARTY_LABELS) for v in texts):
            persons.append(column)
        elif all(f"{CASE}:{v}" in found for v in texts):
            cases.append(column)
    keys = [
        key
        for row in rows
        for column in (*persons, *cases)
        for label in (PARTY_LABELS if column in persons else (CASE,))
        if (key := f"{label}:{row.get(column)}") in found
    ]
    return RowNodes(tuple(persons), tuple(cases), tuple(dict.fromkeys(keys)))


def row_graph(loaded: Loaded, vocabulary: Vocabulary, nodes: RowNodes) -> Subgraph:
    """The rows' nodes (the focus) and every relationship they have, with its other end."""
    by_label: dict[str, set[str]] = defaultdict(set)
    for key in nodes.keys:
        label, _, value = key.partition(":")
        by_label[label].add(value)
    graph = Subgraph("", focus=set(nodes.keys))
    graph.nodes.update(nodes_by_key(loaded, vocabulary, nodes.keys))
    found = read_relationships(loaded.graph, vocabulary, dict(by_label))
    add_rows(graph, set(), (row for rows in found.values() for row in rows), vocabulary)
    return graph
