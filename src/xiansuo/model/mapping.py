"""Mapping files: how one source table's columns become graph nodes and relationships."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from xiansuo.model.errors import InputError
from xiansuo.model.labels import DAY_SUFFIX, PARTY_LABELS, UNRESOLVED

__all__ = [
    "BUILTIN_MAPPINGS", "Check", "DisplayName", "FieldSpec", "Mapping", "NodeSpec", "RelSpec",
    "load_mappings",
]  # fmt: skip

BUILTIN_MAPPINGS = Path(__file__).with_name("mappings")
# Labels, types and property names are spliced into Cypher (values never are), so they must
# be plain identifiers.
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_FALLBACK = re.compile(r"(\w+)\((\w+)\)")
FALLBACKS = {"court_region"}
FieldType = Literal[
    "text", "name", "resident_id", "uscc", "party_id", "case_number", "date", "region_code",
    "integer", "amount", "enum",
]  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class FieldSpec(_Strict):
    """One source column: its header, type and constraints."""

    column: str
    type: FieldType = "text"
    required: bool = False
    optional_column: bool = False
    values: tuple[str, ...] = ()
    aliases: dict[str, str] = {}
    min: Decimal | None = None
    max: Decimal | None = None
    fallback: str | None = None

    @model_validator(mode="after")
    def _enum_has_values(self) -> Self:
        if (self.type == "enum") != bool(self.values):
            raise ValueError("'values' is required for type enum and only allowed there")
        if self.fallback and not _FALLBACK.fullmatch(self.fallback):
            raise ValueError(f"fallback must look like court_region(field): {self.fallback!r}")
        return self


class NodeSpec(_Strict):
    """A node the row merges: label (or the party field choosing it), key and properties."""

    label: str | None = None
    label_from: str | None = None
    key: dict[str, str | list[str]]
    set: dict[str, str] = {}
    const: dict[str, str | int] = {}

    @model_validator(mode="after")
    def _one_label_one_key(self) -> Self:
        if (self.label is None) == (self.label_from is None):
            raise ValueError("give exactly one of 'label' and 'label_from'")
        if len(self.key) != 1:
            raise ValueError("'key' must name exactly one property")
        return self

    @property
    def key_property(self) -> str:
        return next(iter(self.key))

    @property
    def key_fields(self) -> list[str]:
        source = self.key[self.key_property]
        return [source] if isinstance(source, str) else list(source)


class RelSpec(_Strict):
    """A relationship the row merges between two of its nodes."""

    type: str
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    key: dict[str, str] = {}
    set: dict[str, str] = {}
    const: dict[str, str | int] = {}


class Check(_Strict):
    """A row-level consistency check: one date field must not be before another."""

    field: str
    not_before: str


class DisplayName(_Strict):
    """How a label, relationship type or value is shown to people, in Chinese and English."""

    zh: str
    en: str


class Mapping(_Strict):
    """The whole mapping of one table; ``table`` equals the input file stem."""

    table: str
    title: str
    title_en: str = ""
    description: str = ""
    # Names for what this mapping adds to the vocabulary (new labels, relationship types,
    # values); the built-in ones are in the text catalogue.
    names: dict[str, DisplayName] = {}
    fields: dict[str, FieldSpec]
    nodes: dict[str, NodeSpec]
    relationships: dict[str, RelSpec] = {}
    record: str
    checks: tuple[Check, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        problems = list(self._problems())
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _problems(self):
        def field_ok(name: str, where: str):
            if name not in self.fields:
                yield f"{where} names unknown field {name!r}"

        for name, spec in self.fields.items():
            if spec.fallback:
                func, arg = _FALLBACK.fullmatch(spec.fallback).groups()
                if func not in FALLBACKS:
                    yield f"field {name}: unknown fallback {func!r}"
                yield from field_ok(arg, f"field {name} fallback")
        for alias, node in self.nodes.items():
            names = [*node.set, node.key_property, *node.const]
            names += [node.label] if node.label else []
            for ident in names:
                if not _IDENTIFIER.fullmatch(ident):
                    yield f"node {alias}: {ident!r} is not a plain identifier"
            for source in [*node.key_fields, *node.set.values()]:
                yield from field_ok(source, f"node {alias}")
            if node.label_from:
                yield from field_ok(node.label_from, f"node {alias} label_from")
                if (
                    node.label_from in self.fields
                    and self.fields[node.label_from].type != "party_id"
                ):
                    yield f"node {alias}: label_from must name a party_id field"
        for alias, rel in self.relationships.items():
            for ident in [rel.type, *rel.key, *rel.set, *rel.const]:
                if not _IDENTIFIER.fullmatch(ident):
                    yield f"relationship {alias}: {ident!r} is not a plain identifier"
            for end in (rel.start, rel.end):
                if end not in self.nodes:
                    yield f"relationship {alias} connects unknown node {end!r}"
            for source in [*rel.key.values(), *rel.set.values()]:
                yield from field_ok(source, f"relationship {alias}")
        if self.record not in self.nodes and self.record not in self.relationships:
            yield f"record {self.record!r} is neither a node nor a relationship"
        for check in self.checks:
            yield from field_ok(check.field, "check")
            yield from field_ok(check.not_before, "check")

    @property
    def party_nodes(self) -> dict[str, NodeSpec]:
        """Nodes whose key is resolved as a person or organisation."""
        return {
            alias: spec
            for alias, spec in self.nodes.items()
            if spec.label_from or spec.label in PARTY_LABELS
        }

    def labels(self, alias: str) -> list[str]:
        """Every label a node of this alias can get."""
        spec = self.nodes[alias]
        labels = [spec.label] if spec.label else list(PARTY_LABELS)
        return [*labels, UNRESOLVED] if alias in self.party_nodes else labels

    def sets_props(self, alias: str) -> bool:
        """Whether a node or relationship statement sets properties from the row.

        A relationship to a party always does: it carries how the party was matched.
        """
        if alias in self.nodes:
            return bool(self.nodes[alias].set or self.nodes[alias].const)
        spec = self.relationships[alias]
        parties = self.party_nodes
        return bool(spec.set or spec.const or spec.start in parties or spec.end in parties)

    def property_names(self, sources: dict[str, str]) -> list[str]:
        """The graph properties a ``set`` map writes, day numbers of dates included."""
        names = []
        for prop, field in sources.items():
            names.append(prop)
            if self.fields[field].type == "date":
                names.append(prop + DAY_SUFFIX)
        return names

    @property
    def required_columns(self) -> list[str]:
        return [spec.column for spec in self.fields.values() if not spec.optional_column]


def load_mapping(path: Path) -> Mapping:
    """Read and validate one mapping file; its stem must equal its ``table``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        mapping = Mapping.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise InputError(f"mapping {path}: {exc}") from None
    if mapping.table != path.stem:
        raise InputError(f"mapping {path}: table {mapping.table!r} must equal the file stem")
    return mapping


def load_mappings(extra_dirs: list[Path] | tuple[Path, ...] = ()) -> dict[str, Mapping]:
    """The built-in mappings, overridden or extended by ``*.yaml`` in the given folders."""
    mappings: dict[str, Mapping] = {}
    for folder in (BUILTIN_MAPPINGS, *extra_dirs):
        if not folder.is_dir():
            raise InputError(f"mapping folder not found: {folder}")
        for path in sorted(folder.glob("*.yaml")):
            mappings[path.stem] = load_mapping(path)
    return mappings
