"""One source row → the nodes and relationships it merges, or the reason it is rejected."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import NamedTuple

from xiansuo.graph_loader.case_number import court_region
from xiansuo.graph_loader.cells import cell_problems, raw_row
from xiansuo.graph_loader.fields import Value, normalise
from xiansuo.graph_loader.resolve import KINDS, Mention, Resolution, Resolver, valid_identifier
from xiansuo.graph_loader.text import compact_id
from xiansuo.model.days import day_number
from xiansuo.model.errors import InputError, ValueRejected
from xiansuo.model.labels import DAY_SUFFIX
from xiansuo.model.mapping import FieldSpec, Mapping, NodeSpec

__all__ = ["RowGraph", "RowRejected", "Shape", "TableTransform", "node_var", "rel_var"]

_FALLBACKS = {"court_region": court_region}
# Dates, case numbers, enums and regions repeat a lot; IDs somewhat (one person, many rows).
_CACHE_SIZE = 1 << 14


def _cached(spec: FieldSpec) -> Callable[[str], Value | None]:
    return lru_cache(maxsize=_CACHE_SIZE)(partial(normalise, spec=spec))


class RowRejected(Exception):
    """A row that cannot be loaded; ``column`` and ``reason`` are shown to the clerk."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}" if column else reason)
        self.column = column
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Shape:
    """Which nodes (with their labels) and relationships a row has: one statement each."""

    nodes: tuple[tuple[str, str], ...]
    rels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RowGraph:
    """One row as statement parameters, with its shape, identity and content."""

    row: int
    shape: Shape
    params: dict[str, object]
    identity: Hashable
    content: Hashable
    resolutions: dict[str, Resolution]


def node_var(index: int) -> str:
    """The Cypher variable (and parameter name) of the mapping's index-th node."""
    return f"n{index}"


def rel_var(index: int) -> str:
    """The Cypher variable (and parameter prefix) of the mapping's index-th relationship."""
    return f"r{index}"


class _FieldPlan(NamedTuple):
    name: str
    column: str
    position: int | None
    required: bool
    normalise: Callable[[str], Value | None]


@dataclass(frozen=True, slots=True)
class _PartyPlan:
    """A party node's key field and the fields that help resolve it."""

    alias: str
    key_field: str
    column: str
    kind: str
    required: bool
    name: str | None
    birth_date: str | None
    gender: str | None


@dataclass(frozen=True, slots=True)
class _NodePlan:
    """A node spec compiled for the hot loop."""

    alias: str
    var: str
    label: str | None  # None: chosen by the party identifier
    key_fields: tuple[str, ...]
    props: tuple[tuple[str, str, bool], ...] | None  # (property, field, is a date)
    const: dict[str, str | int]


@dataclass(frozen=True, slots=True)
class _RelPlan:
    """A relationship spec compiled for the hot loop."""

    alias: str
    var: str
    start: str
    end: str
    key: tuple[tuple[str, str], ...]
    props: tuple[tuple[str, str, bool], ...] | None
    const: dict[str, str | int]


class TableTransform:
    """Applies a mapping to the rows of one file whose header has been read."""

    def __init__(
        self, mapping: Mapping, header: list[str], file_name: str, resolver: Resolver | None = None
    ) -> None:
        self.mapping = mapping
        self.file_name = file_name
        self.resolver = resolver or Resolver()
        positions: dict[str, int] = {}
        for i, column in enumerate(header):
            if column in positions:
                raise InputError(
                    f"{file_name}: 表头第{positions[column] + 1}列和第{i + 1}列都是 '{column}'，"
                    "无法确定用哪一列；请删除或改名其中一列"
                )
            if column:
                positions[column] = i
        missing = [c for c in mapping.required_columns if c not in positions]
        if missing:
            raise InputError(
                f"{file_name}: 缺少必需的列 {'、'.join(missing)}（表 {mapping.table}）"
            )
        self.header = header
        self.width = len(header)
        self.fields = [
            _FieldPlan(name, spec.column, positions.get(spec.column), spec.required, _cached(spec))
            for name, spec in mapping.fields.items()
        ]
        self.fallbacks = [
            (name, _FALLBACKS[func], arg)
            for name, spec in mapping.fields.items()
            if spec.fallback
            for func, arg in [spec.fallback.removesuffix(")").split("(")]
        ]
        self.nodes = [
            _NodePlan(
                alias,
                node_var(i),
                spec.label,
                tuple(spec.key_fields),
                self._plan(alias, spec.set),
                spec.const,
            )
            for i, (alias, spec) in enumerate(mapping.nodes.items())
        ]
        self.rels = [
            _RelPlan(
                alias,
                rel_var(i),
                spec.start,
                spec.end,
                tuple(spec.key.items()),
                self._plan(alias, spec.set),
                spec.const,
            )
            for i, (alias, spec) in enumerate(mapping.relationships.items())
        ]
        self.parties = [
            self._party_plan(alias, spec)
            for alias, spec in mapping.party_nodes.items()
            if len(spec.key_fields) == 1 and mapping.fields[spec.key_fields[0]].type in KINDS
        ]
        self.party_fields = {party.key_field for party in self.parties}
        # The parties the census counts: those written with a name.
        self.named_parties = [party for party in self.parties if party.name]

    def _party_plan(self, alias: str, spec: NodeSpec) -> _PartyPlan:
        key = self.mapping.fields[spec.key_fields[0]]
        name, birth, gender = (spec.set.get(p) for p in ("name", "birth_date", "gender"))
        return _PartyPlan(
            alias, spec.key_fields[0], key.column, KINDS[key.type], key.required, name, birth,
            gender,
        )  # fmt: skip

    def _plan(self, alias: str, sources: dict[str, str]) -> tuple | None:
        if not self.mapping.sets_props(alias):
            return None  # the statement has no SET for it
        fields = self.mapping.fields
        return tuple((prop, field, fields[field].type == "date") for prop, field in sources.items())

    def row(self, number: int, cells: list[str], *, final: bool = True) -> RowGraph | None:
        """Normalise and map one row; raises RowRejected with every problem found.

        With ``final`` False, a row whose party needs the whole load's identifiers to be
        resolved (an ID typo, a missing ID) gives None: it is to be offered again later.
        """
        values = self._values(cells)
        resolutions = self._resolve(values, number, final)
        if resolutions is None:
            return None
        params: dict[str, object] = {"src_row": number}
        nodes = self._nodes(values, params, resolutions)
        rels = self._rels(values, nodes, params, resolutions)
        identity = self._identity(nodes, params)
        shape = Shape(tuple((alias, label) for alias, (label, _) in nodes.items()), rels)
        content = tuple(values.values())
        return RowGraph(number, shape, params, identity, content, resolutions)

    def raw(self, cells: list[str]) -> dict[str, str]:
        """The row's cells by header, as a rejected row is shown."""
        return raw_row(self.header, cells)

    def identities(self, cells: list[str]) -> Iterator[tuple[str, str]]:
        """(canonical identifier, name) of each party named validly by a row whose values
        can be read, for the census (a rejected row is no evidence)."""
        try:
            values = self._values(cells)
        except RowRejected:
            return
        for party in self.named_parties:
            claimed, name = values[party.key_field], values[str(party.name)]
            if claimed and name:
                identifier = valid_identifier(str(claimed), party.kind)
                if identifier is not None:
                    yield identifier, str(name)

    def _resolve(self, values: dict, number: int, final: bool) -> dict[str, Resolution] | None:
        """Resolve each party the row names; its key field becomes the resolved identifier."""
        resolutions = {}
        for party in self.parties:
            claimed = values[party.key_field]
            name = values[party.name] if party.name else None
            if not claimed and not name:
                if party.required:
                    raise RowRejected(party.column, f"缺少{party.column}")
                continue
            mention = Mention(
                str(claimed or ""), name,
                values[party.birth_date] if party.birth_date else None,
                values[party.gender] if party.gender else None,
            )  # fmt: skip
            resolution = self.resolver.resolve(mention, party.kind, final=final)
            if resolution is None:
                return None
            # An unresolved mention is a record of its own, never merged with another.
            values[party.key_field] = resolution.key or f"?{self.file_name}#{number}"
            resolutions[party.alias] = resolution
        return resolutions

    def _values(self, cells: list[str]) -> dict[str, Value | None]:
        """The row's normalised values by field (party identifiers only compacted)."""
        if unreadable := cell_problems(self.header, cells):
            raise RowRejected(*_joined(unreadable))
        if len(cells) > self.width and any(cell.strip() for cell in cells[self.width :]):
            raise RowRejected("", f"列数多于表头（{len(cells)} > {self.width}）")
        if not any(cell.strip() for cell in cells):
            raise RowRejected("", "空行")
        values: dict[str, Value | None] = {}
        problems: list[tuple[str, str]] = []
        width = len(cells)
        party_fields = self.party_fields
        # Plain tuples, unpacked once per field: this loop runs for every cell of every row.
        for name, column, position, required, normalise_cell in self.fields:
            raw = cells[position] if position is not None and position < width else ""
            if name in party_fields:
                values[name] = compact_id(raw) or None  # resolved once the row is read
                continue
            try:
                value = values[name] = normalise_cell(raw)
            except ValueRejected as exc:
                problems.append((column, str(exc)))
                values[name] = None
                continue
            if value is None and required:
                problems.append((column, f"缺少{column}"))
        for name, derive, arg in self.fallbacks:
            if values[name] is None and values[arg] is not None:
                values[name] = derive(str(values[arg]))
        for check in self.mapping.checks:
            later, earlier = values[check.field], values[check.not_before]
            if later is not None and earlier is not None and str(later) < str(earlier):
                fields = self.mapping.fields
                column, other = fields[check.field].column, fields[check.not_before].column
                problems.append((column, f"{column}早于{other}"))
        if problems:
            raise RowRejected(*_joined(problems))
        return values

    @staticmethod
    def _props(values: dict, plan: tuple, const: dict) -> dict[str, Value]:
        props: dict[str, Value] = dict(const)
        for prop, field, is_date in plan:
            value = values[field]
            if value is None:
                continue  # an empty cell never erases what another row said
            props[prop] = value
            if is_date:
                props[prop + DAY_SUFFIX] = day_number(value)
        return props

    def _nodes(
        self, values: dict, params: dict, resolutions: dict[str, Resolution]
    ) -> dict[str, tuple[str, str]]:
        """Present nodes as alias → (label, key); their keys and properties go to params."""
        nodes = {}
        for plan in self.nodes:
            if len(plan.key_fields) == 1:
                key = values[plan.key_fields[0]]
                if key is None:
                    continue
                key = str(key)
            else:
                parts = [values[field] for field in plan.key_fields]
                if all(part is None for part in parts):
                    continue
                key = "|".join("" if part is None else str(part) for part in parts)
            resolution = resolutions.get(plan.alias)
            label = resolution.label if resolution else plan.label
            assert label is not None  # a node labelled by its party follows the resolution
            nodes[plan.alias] = (label, key)
            params[plan.var] = key
            if plan.props is not None:
                params[plan.var + "p"] = self._props(values, plan.props, plan.const)
        return nodes

    def _rels(
        self, values: dict, nodes: dict, params: dict, resolutions: dict[str, Resolution]
    ) -> tuple[str, ...]:
        """Aliases of the relationships whose two ends are present; their params too.

        A relationship to a party carries how that party was matched (the evidence).
        """
        present = []
        for plan in self.rels:
            if plan.start in nodes and plan.end in nodes:
                present.append(plan.alias)
                if plan.key:
                    params[plan.var + "k"] = {p: values[f] or "" for p, f in plan.key}
                if plan.props is not None:
                    props = self._props(values, plan.props, plan.const)
                    for end in (plan.start, plan.end):
                        if end in resolutions:
                            props.update(_evidence(resolutions[end]))
                    params[plan.var + "p"] = props
        return tuple(present)

    def _identity(self, nodes: dict[str, tuple[str, str]], params: dict) -> Hashable:
        """What makes two rows the same record: the record element's key."""
        mapping = self.mapping
        record = mapping.record
        if record in mapping.nodes:
            if record not in nodes:
                raise RowRejected(*self._record_missing(mapping.nodes[record]))
            return nodes[record]
        spec = mapping.relationships[record]
        for end in (spec.start, spec.end):
            if end not in nodes:
                raise RowRejected(*self._record_missing(mapping.nodes[end]))
        var = rel_var(list(mapping.relationships).index(record))
        key = params.get(var + "k", {})
        return (spec.type, nodes[spec.start], nodes[spec.end], tuple(key.values()))

    def _record_missing(self, spec: NodeSpec) -> tuple[str, str]:
        columns = "、".join(self.mapping.fields[field].column for field in spec.key_fields)
        return columns, f"缺少{columns}"


def _joined(problems: list[tuple[str, str]]) -> tuple[str, str]:
    """The columns and the reasons of a row's problems, as one rejection."""
    return "、".join(c for c, _ in problems), "；".join(r for _, r in problems)


def _evidence(resolution: Resolution) -> dict[str, str]:
    evidence = {"match": resolution.match}
    if resolution.claimed and resolution.match != "exact":
        evidence["claimed_id"] = resolution.claimed
    return evidence
