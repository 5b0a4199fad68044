"""A fresh graph built at once: the rows' nodes and relationships folded here, then created.

A run builds its graph into a new, empty file (``pipeline.staging``), where nothing already
there has to be found again. So instead of sending each batch as ``MERGE`` statements
(``statements.py``), whose server finds every node and relationship again, the rows are
folded here exactly as those statements would merge them, in the same order, and the graph
is then created in one pass (``GraphEngine.create_graph``: ``CREATE``, keys indexed after).
What the statements mean, and so what this does with each row of a shape:

- a node is identified by its label and key; the row that first names it sets its
  provenance (``src_table``, ``src_file``, ``src_row``), except that the row's own record
  always sets it (``SET`` where other nodes have ``ON CREATE SET``); its properties are
  then updated by the row's (``SET n += …``; the transform never sends an empty value);
- a relationship is identified by its type, its two ends and its key properties (``MERGE
  (a)-[r:TYPE {key}]->(b)``), and otherwise treated as a node is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xiansuo.engines import GraphEngine, NewRelationships, NodeKey
from xiansuo.graph_loader.transform import Shape, node_var, rel_var
from xiansuo.model.mapping import Mapping

__all__ = ["GraphBuilder"]


@dataclass(frozen=True, slots=True)
class _NodeStep:
    label: str
    var: str
    key: str  # the key property
    record: bool
    props: str | None  # the parameter holding the row's properties


@dataclass(frozen=True, slots=True)
class _RelStep:
    type: str
    start: tuple[str, str]  # (label, variable) of each end
    end: tuple[str, str]
    key: str | None  # the parameter holding the key properties
    record: bool
    props: str | None


def _steps(mapping: Mapping, shape: Shape) -> tuple[list[_NodeStep], list[_RelStep]]:
    """What ``statements.statement(mapping, shape)`` does, step by step."""
    aliases, rel_aliases = list(mapping.nodes), list(mapping.relationships)
    labels = dict(shape.nodes)
    nodes = []
    for alias, label in shape.nodes:
        var = node_var(aliases.index(alias))
        props = f"{var}p" if mapping.sets_props(alias) else None
        nodes.append(_NodeStep(label, var, mapping.nodes[alias].key_property,
                               alias == mapping.record, props))  # fmt: skip
    rels = []
    for alias in shape.rels:
        spec, var = mapping.relationships[alias], rel_var(rel_aliases.index(alias))
        start, end = ((labels[a], node_var(aliases.index(a))) for a in (spec.start, spec.end))
        props = f"{var}p" if mapping.sets_props(alias) else None
        rels.append(_RelStep(spec.type, start, end, f"{var}k" if spec.key else None,
                             alias == mapping.record, props))  # fmt: skip
    return nodes, rels


class GraphBuilder:
    """Takes the loader's batches (as ``PipelinedWriter`` does) and creates the graph on
    ``close``; nothing reaches the engine before, so a failed load leaves it empty."""

    def __init__(self, engine: GraphEngine, keys: Sequence[NodeKey]) -> None:
        self.engine = engine
        self.keys = {key.label: key for key in keys}
        self.nodes: dict[str, dict[Any, dict[str, Any]]] = {}  # label → key → properties
        # type → (start label, start key, end label, end key, key values) → properties
        self.rels: dict[str, dict[tuple, dict[str, Any]]] = {}
        self._steps: dict[tuple[str, Shape], tuple[list[_NodeStep], list[_RelStep]]] = {}

    def add(
        self, mapping: Mapping, shape: Shape, rows: Sequence[dict[str, Any]], provenance: dict
    ) -> None:
        """Fold one batch of rows of one shape, in order."""
        plan = self._steps.get((mapping.table, shape))
        if plan is None:
            plan = self._steps[(mapping.table, shape)] = _steps(mapping, shape)
        node_steps, rel_steps = plan
        nodes, rels = self.nodes, self.rels
        for row in rows:
            source = {**provenance, "src_row": row["src_row"]}
            for n in node_steps:
                of_label = nodes.setdefault(n.label, {})
                key = row[n.var]
                node = of_label.get(key)
                if node is None:
                    node = of_label[key] = {n.key: key, **source}
                elif n.record:
                    node.update(source)
                if n.props:
                    node.update(row[n.props])
            for r in rel_steps:
                keys = row[r.key] if r.key else {}
                ends = (r.start[0], row[r.start[1]], r.end[0], row[r.end[1]])
                identity = (*ends, tuple(sorted(keys.items())))
                of_type = rels.setdefault(r.type, {})
                rel = of_type.get(identity)
                if rel is None:
                    rel = of_type[identity] = {**keys, **source}
                elif r.record:
                    rel.update(source)
                if r.props:
                    rel.update(row[r.props])

    def close(self) -> None:
        """Create every node and relationship folded, then index the keys."""
        groups: dict[tuple[str, str, str], list[tuple[Any, Any, dict[str, Any]]]] = {}
        for rel_type, of_type in self.rels.items():
            for (start, start_key, end, end_key, _), props in of_type.items():
                groups.setdefault((rel_type, start, end), []).append((start_key, end_key, props))
        relationships = [
            NewRelationships(rel_type, self.keys[start], self.keys[end], rows)
            for (rel_type, start, end), rows in groups.items()
        ]
        nodes = {self.keys[label]: list(found.values()) for label, found in self.nodes.items()}
        self.nodes, self.rels = {}, {}
        self.engine.create_graph(nodes, relationships, list(self.keys.values()))
