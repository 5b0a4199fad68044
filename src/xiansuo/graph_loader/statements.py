"""Cypher the loader sends: one batched MERGE statement per row shape, and the schema keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations, product

from xiansuo.engines.base import NodeKey
from xiansuo.graph_loader.identity import PARTY_LABELS
from xiansuo.graph_loader.mapping import Mapping
from xiansuo.graph_loader.transform import RowGraph

__all__ = [
    "PROVENANCE", "Shape", "all_shapes", "all_statements", "node_keys", "row_params", "shape_of",
    "statement",
]  # fmt: skip

PROVENANCE = ("src_table", "src_file", "src_row")


@dataclass(frozen=True, slots=True)
class Shape:
    """Which nodes (with their labels) and relationships a row has: one statement each."""

    table: str
    nodes: tuple[tuple[str, str], ...]
    rels: tuple[str, ...]


def shape_of(table: str, graph: RowGraph) -> Shape:
    """The shape of one transformed row."""
    nodes = tuple((alias, node.label) for alias, node in graph.nodes.items())
    return Shape(table, nodes, tuple(graph.rels))


def statement(mapping: Mapping, shape: Shape) -> str:
    """The ``UNWIND $rows`` statement merging rows of this shape; data only via parameters.

    The row's record element gets the row's provenance; other elements keep the provenance
    of the row that created them.
    """
    lines = ["UNWIND $rows AS row"]
    variables = {}
    for i, (alias, label) in enumerate(shape.nodes):
        var = variables[alias] = f"n{i}"
        prop = mapping.nodes[alias].key_property
        lines.append(f"MERGE ({var}:{label} {{{prop}: row.{var}}})")
        lines += _set_lines(var, alias == mapping.record)
    for j, alias in enumerate(shape.rels):
        spec, var = mapping.relationships[alias], f"r{j}"
        key = ", ".join(f"{prop}: row.{var}k.{prop}" for prop in spec.key)
        key = f" {{{key}}}" if key else ""
        start, end = variables[spec.start], variables[spec.end]
        lines.append(f"MERGE ({start})-[{var}:{spec.type}{key}]->({end})")
        lines += _set_lines(var, alias == mapping.record)
    return "\n".join(lines)


def _set_lines(var: str, is_record: bool) -> list[str]:
    provenance = ", ".join(f"{var}.{p} = row.src.{p}" for p in PROVENANCE)
    when = "SET" if is_record else "ON CREATE SET"
    return [f"{when} {provenance}", f"SET {var} += row.{var}p"]


def row_params(shape: Shape, graph: RowGraph, src: dict[str, str | int]) -> dict:
    """The parameter map of one row for the statement of its shape."""
    params: dict = {"src": src}
    for i, (alias, _) in enumerate(shape.nodes):
        node = graph.nodes[alias]
        params[f"n{i}"] = node.key
        params[f"n{i}p"] = node.props
    for j, alias in enumerate(shape.rels):
        params[f"r{j}k"] = graph.rels[alias].key
        params[f"r{j}p"] = graph.rels[alias].props
    return params


def node_keys(mappings: dict[str, Mapping]) -> list[NodeKey]:
    """Every (label, key property) the mappings merge on, for indexes and constraints."""
    keys: set[NodeKey] = set()
    for mapping in mappings.values():
        for spec in mapping.nodes.values():
            labels = [spec.label] if spec.label else list(PARTY_LABELS)
            keys.update(NodeKey(label, spec.key_property) for label in labels)
    return sorted(keys, key=lambda k: (k.label, k.property))


def all_shapes(mapping: Mapping) -> Iterator[Shape]:
    """Every shape a mapping can produce: any subset of nodes holding the row's record."""
    record = mapping.relationships.get(mapping.record)
    needed = {record.start, record.end} if record else {mapping.record}
    aliases = list(mapping.nodes)
    for count in range(1, len(aliases) + 1):
        for present in combinations(aliases, count):
            if not needed <= set(present):
                continue
            choices = [
                [mapping.nodes[a].label] if mapping.nodes[a].label else list(PARTY_LABELS)
                for a in present
            ]
            rels = tuple(
                alias
                for alias, spec in mapping.relationships.items()
                if spec.start in present and spec.end in present
            )
            for labels in product(*choices):
                yield Shape(mapping.table, tuple(zip(present, labels, strict=True)), rels)


def all_statements(mappings: dict[str, Mapping]) -> dict[str, str]:
    """Every statement the loader can send, by an id naming table and shape."""
    statements = {}
    for mapping in mappings.values():
        for shape in all_shapes(mapping):
            nodes = "+".join(f"{alias}:{label}" for alias, label in shape.nodes)
            statements[f"{mapping.table}/{nodes}"] = statement(mapping, shape)
    return statements
