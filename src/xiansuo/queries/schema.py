"""The graph schema Neo4j's linter checks rules against, from the vocabulary."""

from __future__ import annotations

from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.lint import GraphSchema

__all__ = ["graph_schema"]


def graph_schema(vocabulary: Vocabulary) -> GraphSchema:
    """Every label, type and property the loader and the analysis write, so the linter flags
    typos."""
    return GraphSchema(vocabulary.labels, vocabulary.relationship_types, vocabulary.property_keys)
