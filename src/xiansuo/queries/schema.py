"""The graph schema the mappings produce: labels, relationship types and property keys."""

from __future__ import annotations

from xiansuo.analysis.writeback import ANALYSIS_PROPERTIES
from xiansuo.graph_loader.mapping import MATCH_PROPERTIES, Mapping
from xiansuo.graph_loader.statements import PROVENANCE
from xiansuo.queries.lint import GraphSchema

__all__ = ["graph_schema"]


def graph_schema(mappings: dict[str, Mapping]) -> GraphSchema:
    """Every label, type and property the loader and the analysis write, so the linter flags
    typos."""
    labels: set[str] = set()
    types: set[str] = set()
    props: set[str] = {*PROVENANCE, *MATCH_PROPERTIES, *ANALYSIS_PROPERTIES}
    for mapping in mappings.values():
        for alias, node in mapping.nodes.items():
            labels.update(mapping.labels(alias))
            props.update([node.key_property, *node.const, *mapping.property_names(node.set)])
        for rel in mapping.relationships.values():
            types.add(rel.type)
            props.update([*rel.key, *rel.const, *mapping.property_names(rel.set)])
    return GraphSchema(sorted(labels), sorted(types), sorted(props))
