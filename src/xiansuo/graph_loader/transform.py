"""One source row → the nodes and relationships it merges, or the reason it is rejected."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from xiansuo.graph_loader.case_number import court_region
from xiansuo.graph_loader.dates import day_number
from xiansuo.graph_loader.errors import InputError, ValueRejected
from xiansuo.graph_loader.fields import Value, normalise
from xiansuo.graph_loader.identity import party_node
from xiansuo.graph_loader.mapping import DAY_SUFFIX, Mapping

__all__ = ["RowGraph", "RowRejected", "TableTransform"]

_FALLBACKS = {"court_region": court_region}


class RowRejected(Exception):
    """A row that cannot be loaded; ``column`` and ``reason`` are shown to the clerk."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}" if column else reason)
        self.column = column
        self.reason = reason


@dataclass(frozen=True, slots=True)
class NodeRow:
    """A node to merge: label, key value and the properties the row sets."""

    label: str
    key: str
    props: dict[str, Value]


@dataclass(frozen=True, slots=True)
class RelRow:
    """A relationship to merge between two present nodes."""

    key: dict[str, Value]
    props: dict[str, Value]


@dataclass(frozen=True, slots=True)
class RowGraph:
    """Everything one row merges, its identity (for duplicates) and its content."""

    row: int
    nodes: dict[str, NodeRow]
    rels: dict[str, RelRow]
    identity: Hashable
    content: Hashable


class TableTransform:
    """Applies a mapping to the rows of one file whose header has been read."""

    def __init__(self, mapping: Mapping, header: list[str], file_name: str) -> None:
        self.mapping = mapping
        positions = {column: i for i, column in enumerate(header) if column}
        missing = [c for c in mapping.required_columns if c not in positions]
        if missing:
            raise InputError(
                f"{file_name}: 缺少必需的列 {'、'.join(missing)}（表 {mapping.table}）"
            )
        self.width = len(header)
        self.positions = {name: positions.get(spec.column) for name, spec in mapping.fields.items()}
        self.dates = {name for name, spec in mapping.fields.items() if spec.type == "date"}

    def row(self, number: int, cells: list[str]) -> RowGraph:
        """Normalise and map one row; raises RowRejected with every problem found."""
        if not any(cell.strip() for cell in cells):
            raise RowRejected("", "空行")
        if any(cell.strip() for cell in cells[self.width :]):
            raise RowRejected("", f"列数多于表头（{len(cells)} > {self.width}）")
        values = self._values(cells)
        nodes = self._nodes(values)
        rels = self._rels(values, nodes)
        if self.mapping.record not in nodes and self.mapping.record not in rels:
            raise RowRejected(*self._record_missing())
        return RowGraph(number, nodes, rels, self._identity(nodes, rels), tuple(values.items()))

    def _values(self, cells: list[str]) -> dict[str, Value | None]:
        values: dict[str, Value | None] = {}
        problems: list[tuple[str, str]] = []
        for name, spec in self.mapping.fields.items():
            position = self.positions[name]
            raw = cells[position] if position is not None and position < len(cells) else ""
            try:
                values[name] = normalise(raw, spec)
            except ValueRejected as exc:
                problems.append((spec.column, str(exc)))
                values[name] = None
                continue
            if values[name] is None and spec.required:
                problems.append((spec.column, f"缺少{spec.column}"))
        for name, spec in self.mapping.fields.items():
            if values[name] is None and spec.fallback:
                func, arg = spec.fallback.removesuffix(")").split("(")
                if values[arg] is not None:
                    values[name] = _FALLBACKS[func](str(values[arg]))
        for check in self.mapping.checks:
            later, earlier = values[check.field], values[check.not_before]
            if later is not None and earlier is not None and str(later) < str(earlier):
                fields = self.mapping.fields
                column, other = fields[check.field].column, fields[check.not_before].column
                problems.append((column, f"{column}早于{other}"))
        if problems:
            raise RowRejected("、".join(c for c, _ in problems), "；".join(r for _, r in problems))
        return values

    def _props(self, values: dict, sources: dict[str, str], const: dict) -> dict[str, Value]:
        props: dict[str, Value] = dict(const)
        for prop, field in sources.items():
            value = values[field]
            if value is None:
                continue  # an empty cell never erases what another row said
            props[prop] = value
            if field in self.dates:
                props[prop + DAY_SUFFIX] = day_number(str(value))
        return props

    def _nodes(self, values: dict[str, Value | None]) -> dict[str, NodeRow]:
        nodes = {}
        for alias, spec in self.mapping.nodes.items():
            parts = [values[field] for field in spec.key_fields]
            if all(part is None for part in parts):
                continue
            key = "|".join("" if part is None else str(part) for part in parts)
            label = spec.label
            if spec.label_from:
                label, key = party_node(key)
            nodes[alias] = NodeRow(label, key, self._props(values, spec.set, spec.const))
        return nodes

    def _rels(self, values: dict, nodes: dict[str, NodeRow]) -> dict[str, RelRow]:
        rels = {}
        for alias, spec in self.mapping.relationships.items():
            if spec.start in nodes and spec.end in nodes:
                key = {prop: values[field] or "" for prop, field in spec.key.items()}
                rels[alias] = RelRow(key, self._props(values, spec.set, spec.const))
        return rels

    def _record_missing(self) -> tuple[str, str]:
        mapping = self.mapping
        spec = mapping.nodes.get(mapping.record)
        if spec is None:
            rel = mapping.relationships[mapping.record]
            spec = mapping.nodes[rel.start if rel.start not in mapping.nodes else rel.end]
        columns = "、".join(mapping.fields[field].column for field in spec.key_fields)
        return columns, f"缺少{columns}"

    def _identity(self, nodes: dict[str, NodeRow], rels: dict[str, RelRow]) -> Hashable:
        record = self.mapping.record
        if record in nodes:
            return (nodes[record].label, nodes[record].key)
        spec = self.mapping.relationships[record]
        rel = rels.get(record)
        ends = tuple((nodes[a].label, nodes[a].key) for a in (spec.start, spec.end) if a in nodes)
        return (spec.type, ends, tuple(sorted((rel.key if rel else {}).items())))
