"""The graph schema the mappings produce: labels, relationship types and property keys."""

from __future__ import annotations

from xiansuo.graph_loader.identity import PARTY_LABELS
from xiansuo.graph_loader.mapping import Mapping
from xiansuo.graph_loader.statements import PROVENANCE
from xiansuo.queries.lint import GraphSchema

__all__ = ["graph_schema"]


def graph_schema(mappings: dict[str, Mapping]) -> GraphSchema:
    """Every label, type and property the loader writes, so the linter flags typos."""
    labels: set[str] = set()
    types: set[str] = set()
    props: set[str] = set(PROVENANCE)
    for mapping in mappings.values():
        for node in mapping.nodes.values():
            labels.update([node.label] if node.label else PARTY_LABELS)
            props.update([node.key_property, *node.const, *mapping.property_names(node.set)])
        for rel in mapping.relationships.values():
            types.add(rel.type)
            props.update([*rel.key, *rel.const, *mapping.property_names(rel.set)])
    return GraphSchema(sorted(labels), sorted(types), sorted(props))
