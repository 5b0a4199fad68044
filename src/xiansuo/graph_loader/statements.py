"""Cypher the loader sends: one batched MERGE statement per row shape."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, product

from xiansuo.graph_loader.transform import Shape, node_var, rel_var
from xiansuo.model.mapping import Mapping

__all__ = ["PARAMETERS", "all_shapes", "all_statements", "statement"]

# The parameters every loader statement takes, with their Cypher types (for the linter).
PARAMETERS = {"rows": "LIST<MAP>", "src_table": "STRING", "src_file": "STRING"}


def statement(mapping: Mapping, shape: Shape) -> str:
    """The ``UNWIND $rows`` statement merging rows of this shape; data only via parameters.

    Variables are named by the element's position in the mapping (``n0``, ``r1``), and
    each row's parameters use the same names (see ``TableTransform``).
    """
    lines = ["UNWIND $rows AS row"]
    aliases = list(mapping.nodes)
    for alias, label in shape.nodes:
        node, var = mapping.nodes[alias], node_var(aliases.index(alias))
        lines.append(f"MERGE ({var}:{label} {{{node.key_property}: row.{var}}})")
        lines += _set_lines(var, alias == mapping.record, mapping.sets_props(alias))
    rel_aliases = list(mapping.relationships)
    for alias in shape.rels:
        spec, var = mapping.relationships[alias], rel_var(rel_aliases.index(alias))
        key = ", ".join(f"{prop}: row.{var}k.{prop}" for prop in spec.key)
        key = f" {{{key}}}" if key else ""
        start, end = (node_var(aliases.index(a)) for a in (spec.start, spec.end))
        lines.append(f"MERGE ({start})-[{var}:{spec.type}{key}]->({end})")
        lines += _set_lines(var, alias == mapping.record, mapping.sets_props(alias))
    return "\n".join(lines)


def _set_lines(var: str, is_record: bool, has_props: bool) -> list[str]:
    # The row's record element carries its row; others keep the row that created them.
    # Table and file are the same for the whole batch: parameters, not per-row values.
    when = "SET" if is_record else "ON CREATE SET"
    lines = [
        f"{when} {var}.src_table = $src_table, {var}.src_file = $src_file, "
        f"{var}.src_row = row.src_row"
    ]
    return [*lines, f"SET {var} += row.{var}p"] if has_props else lines


def all_shapes(mapping: Mapping) -> Iterator[Shape]:
    """Every shape a mapping can produce: any subset of nodes holding the row's record."""
    record = mapping.relationships.get(mapping.record)
    needed = {record.start, record.end} if record else {mapping.record}
    aliases = list(mapping.nodes)
    for count in range(1, len(aliases) + 1):
        for present in combinations(aliases, count):
            if not needed <= set(present):
                continue
            rels = tuple(
                alias
                for alias, spec in mapping.relationships.items()
                if spec.start in present and spec.end in present
            )
            for labels in product(*(mapping.labels(a) for a in present)):
                yield Shape(tuple(zip(present, labels, strict=True)), rels)


def all_statements(mappings: dict[str, Mapping]) -> dict[str, str]:
    """Every statement the loader can send, by an id naming table and shape."""
    statements = {}
    for mapping in mappings.values():
        for shape in all_shapes(mapping):
            nodes = "+".join(f"{alias}:{label}" for alias, label in shape.nodes)
            statements[f"{mapping.table}/{nodes}"] = statement(mapping, shape)
    return statements
