"""The graph's vocabulary: labels, keys, relationship types and properties, and their names.

It is built from the mapping files in use (the built-in ones plus any ``--mappings``), so
every part of xiansuo — loader, rule checks, analysis, pages — speaks of the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from xiansuo.engines.base import NodeKey
from xiansuo.model.errors import InputError
from xiansuo.model.labels import (
    ANALYSIS_PROPERTIES,
    DAY_SUFFIX,
    MATCH_PROPERTIES,
    NAME,
    PARTY_LABELS,
    PERSON,
    PROVENANCE,
    UNRESOLVED,
)  # fmt: skip
from xiansuo.model.mapping import FieldSpec, Mapping, load_mappings
from xiansuo.model.texts import has, text

__all__ = ["PropertySource", "Vocabulary"]


@dataclass(frozen=True)
class PropertySource:
    """Where one table writes a property of a label or relationship type: a field (None
    for a constant, a composite key or a day number) or a constant value."""

    table: str
    field: FieldSpec | None = None
    const: str | int | None = None
    day: bool = False  # the whole-day number of a date field


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """What the mappings make of the graph, and how each part of it is called.

    Built once per command; compared and hashed by identity, so what is derived from it
    (queries, names) can be cached per vocabulary.
    """

    mappings: dict[str, Mapping] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = ()) -> Vocabulary:
        """The built-in mappings, overridden or extended by ``*.yaml`` in ``extra_dirs``."""
        return cls(load_mappings(tuple(extra_dirs)))

    @cached_property
    def node_keys(self) -> list[NodeKey]:
        """Every (label, key property) the mappings merge on, for indexes and constraints."""
        keys = {
            NodeKey(label, spec.key_property)
            for mapping in self.mappings.values()
            for alias, spec in mapping.nodes.items()
            for label in mapping.labels(alias)
        }
        return sorted(keys, key=lambda k: (k.label, k.property))

    @cached_property
    def key_of(self) -> dict[str, str]:
        """Each label's key property."""
        return {key.label: key.property for key in self.node_keys}

    @cached_property
    def key_properties(self) -> tuple[str, ...]:
        """Key properties in the order that names every node by its own key.

        A key property comes before any other key property that nodes keyed by it also
        store (a roster period stores its person's ``id_no`` beside its ``event_key``).
        """
        keys = sorted({key.property for key in self.node_keys})
        before: dict[str, set[str]] = {key: set() for key in keys}
        for mapping in self.mappings.values():
            for node in mapping.nodes.values():
                for stored in (set(node.set) | set(node.const)) & set(keys) - {node.key_property}:
                    before[stored].add(node.key_property)
        try:
            return tuple(TopologicalSorter(before).static_order())
        except CycleError as exc:
            raise InputError(
                f"mappings: nodes keyed by each of {exc.args[1]} also store the others' keys, "
                "so no node could be named by its own key; store one of them under another name"
            ) from None

    @cached_property
    def name_indexes(self) -> list[NodeKey]:
        """What people are looked up by besides their ID: each party label's name, and that
        of unresolved records (a name typed in a search, a lead page's namesakes).

        >>> [f"{k.label}.{k.property}" for k in Vocabulary.load().name_indexes]
        ['Person.name', 'Organization.name', 'UnresolvedParty.name']
        """
        return [
            NodeKey(label, NAME)
            for label in (*PARTY_LABELS, UNRESOLVED)
            if (label, NAME) in self.columns
        ]

    def key_value(self, var: str) -> str:
        """A Cypher expression for the value of node ``var``'s own key property.

        >>> Vocabulary.load().key_value("n")
        'coalesce(n.event_key, n.code, n.case_no, n.id_no)'
        """
        return f"coalesce({', '.join(f'{var}.{p}' for p in self.key_properties)})"

    def node_key(self, var: str) -> str:
        """A Cypher expression naming node ``var`` uniquely across labels: ``Label:key``."""
        return f"labels({var})[0] + ':' + {self.key_value(var)}"

    @cached_property
    def sources(self) -> dict[tuple[str, str], list[PropertySource]]:
        """``(label or relationship type, property)`` → every table that writes it, and from
        what (the loader's own provenance and match properties are not listed)."""
        found: dict[tuple[str, str], list[PropertySource]] = {}

        def add(owner: str, prop: str, source: PropertySource) -> None:
            found.setdefault((owner, prop), []).append(source)
            if source.field is not None and source.field.type == "date":
                add(owner, prop + DAY_SUFFIX, PropertySource(source.table, day=True))

        for table, mapping in self.mappings.items():
            for alias, node in mapping.nodes.items():
                key_fields = node.key_fields
                for label in mapping.labels(alias):
                    key = mapping.fields[key_fields[0]] if len(key_fields) == 1 else None
                    add(label, node.key_property, PropertySource(table, key))
                    for prop, source in node.set.items():
                        add(label, prop, PropertySource(table, mapping.fields[source]))
                    for prop, value in node.const.items():
                        add(label, prop, PropertySource(table, const=value))
            for rel in mapping.relationships.values():
                for prop, source in [*rel.key.items(), *rel.set.items()]:
                    add(rel.type, prop, PropertySource(table, mapping.fields[source]))
                for prop, value in rel.const.items():
                    add(rel.type, prop, PropertySource(table, const=value))
        return found

    @cached_property
    def tables_of(self) -> dict[str, set[str]]:
        """Each label and relationship type → the tables whose rows create it.

        >>> sorted(Vocabulary.load().tables_of["RECEIVES"])
        ['low_income']
        """
        found: dict[str, set[str]] = {}
        for table, mapping in self.mappings.items():
            for alias in mapping.nodes:
                for label in mapping.labels(alias):
                    found.setdefault(label, set()).add(table)
            for rel in mapping.relationships.values():
                found.setdefault(rel.type, set()).add(table)
        return found

    def properties_of(self, owner: str) -> set[str]:
        """Every property a node of this label or a relationship of this type may have."""
        props = {prop for (o, prop) in self.sources if o == owner} | set(PROVENANCE)
        if owner == PERSON:
            props |= set(ANALYSIS_PROPERTIES)
        if owner in self.relationship_types:
            props |= set(MATCH_PROPERTIES)
        return props

    def values_of(self, owner: str, prop: str) -> tuple[str, ...] | None:
        """The only values a property can hold (an enum field's, or constants), else None.

        >>> Vocabulary.load().values_of("PARTY_IN", "penalty")
        ('有期徒刑', '拘役', '管制', '无')
        >>> v = Vocabulary.load()
        >>> v.values_of("Case", "kind"), v.values_of("Case", "cause")
        (('criminal', 'enforcement'), None)
        """
        sources = self.sources.get((owner, prop))
        if not sources:
            return None
        values: list[str] = []
        for source in sources:
            if source.const is not None:
                values.append(str(source.const))
            elif source.field is not None and source.field.type == "enum":
                values += source.field.values
            else:
                return None
        return tuple(dict.fromkeys(values))

    def is_date_text(self, owner: str, prop: str) -> bool:
        """Whether the property holds a date as ISO text (its ``_day`` twin is the number)."""
        return any(
            s.field is not None and s.field.type == "date"
            for s in self.sources.get((owner, prop), ())
        )

    @cached_property
    def labels(self) -> list[str]:
        return sorted({k.label for k in self.node_keys})

    @cached_property
    def relationship_types(self) -> list[str]:
        return sorted({r.type for m in self.mappings.values() for r in m.relationships.values()})

    @cached_property
    def property_keys(self) -> list[str]:
        """Every property the loader and the analysis write."""
        props: set[str] = {*PROVENANCE, *MATCH_PROPERTIES, *ANALYSIS_PROPERTIES}
        for mapping in self.mappings.values():
            for node in mapping.nodes.values():
                props.update([node.key_property, *node.const, *mapping.property_names(node.set)])
            for rel in mapping.relationships.values():
                props.update([*rel.key, *rel.const, *mapping.property_names(rel.set)])
        return sorted(props)

    def _sources(self) -> Iterator[tuple[str, str, FieldSpec]]:
        """``(label or relationship type, property, the source field it is read from)``;
        first from the tables whose rows are these nodes or relationships (a region's code
        is the regions table's 区划代码, though a roster names it 执行地区划代码)."""
        found = []
        for mapping in self.mappings.values():
            for alias, node in mapping.nodes.items():
                for label in mapping.labels(alias):
                    for prop, source in [*node.set.items(), *node.key.items()]:
                        if isinstance(source, str) and source in mapping.fields:
                            found.append(
                                (alias != mapping.record, label, prop, mapping.fields[source])
                            )
            for alias, rel in mapping.relationships.items():
                for prop, source in [*rel.set.items(), *rel.key.items()]:
                    if source in mapping.fields:
                        found.append(
                            (alias != mapping.record, rel.type, prop, mapping.fields[source])
                        )
        for _, owner, prop, field_spec in sorted(found, key=lambda entry: entry[0]):
            yield owner, prop, field_spec

    @cached_property
    def columns(self) -> dict[tuple[str, str], str]:
        """``(label or relationship type, property)`` → the source column it was read from.

        >>> columns = Vocabulary.load().columns
        >>> columns[("Case", "filed_date")], columns[("PARTY_IN", "role")]
        ('立案日期', '角色')
        """
        titles: dict[tuple[str, str], str] = {}
        for owner, prop, source in self._sources():
            titles.setdefault((owner, prop), source.column)
        return titles

    @cached_property
    def date_properties(self) -> frozenset[tuple[str, str]]:
        """``(label or relationship type, property)`` pairs read from a date column.

        >>> ("CorrectionPeriod", "end_date") in Vocabulary.load().date_properties
        True
        """
        return frozenset((o, p) for o, p, source in self._sources() if source.type == "date")

    def property_title(self, owner: str, prop: str, lang: str) -> str:
        """What a property of a label or type is called: its source column in Chinese.

        >>> v = Vocabulary.load()
        >>> [v.property_title(o, p, "zh") for o, p in [("Case", "cause"), ("PARTY_IN", "match"),
        ...                                            ("Person", "degree"), ("X", "y")]]
        ['案由', '匹配方式', '共犯人数', 'y']
        """
        if lang == "zh" and (owner, prop) in self.columns:
            return self.columns[owner, prop]
        return text(f"prop.{prop}", lang) if has(f"prop.{prop}") else prop

    @cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        return {
            key: {"zh": name.zh, "en": name.en}
            for mapping in self.mappings.values()
            for key, name in mapping.names.items()
        }

    def _name(self, area: str, key: str, lang: str, default: str) -> str:
        if key in self._names:
            return self._names[key][lang]
        return text(f"{area}.{key}", lang) if has(f"{area}.{key}") else default

    def label_name(self, label: str, lang: str) -> str:
        """A label as people call it (``自然人``); a label nobody named is "other".

        >>> Vocabulary.load().label_name("Person", "zh"), Vocabulary.load().label_name("X", "en")
        ('自然人', 'Other')
        """
        return self._name("label", label, lang, text("label.other", lang))

    def type_name(self, rel_type: str, lang: str) -> str:
        """A relationship type as people call it; the type itself when nobody named it."""
        return self._name("type", rel_type, lang, rel_type)

    def value_name(self, value: object, lang: str) -> str:
        """A stored value as a reader of ``lang`` sees it (Chinese values in English).

        >>> Vocabulary.load().value_name("管制", "en"), Vocabulary.load().value_name("管制", "zh")
        ('public surveillance', '管制')
        """
        return self._name("value", str(value), lang, str(value))

    def table_title(self, table: str, lang: str) -> str:
        """A table's title (the mapping's), in Chinese or English; its name if unmapped."""
        mapping = self.mappings.get(table)
        if mapping is None:
            return table
        return mapping.title if lang == "zh" else (mapping.title_en or table)
