"""Graph engines: embedded FalkorDB (default) and Neo4j 5, behind one interface."""

from __future__ import annotations

from pathlib import Path

from xiansuo.engines.base import (
    GraphEngine,
    NewRelationships,
    NodeKey,
    ReadOnlyViolation,
    ReadTimeout,
    Row,
)  # fmt: skip

__all__ = [
    "GraphEngine", "NewRelationships", "NodeKey", "ReadOnlyViolation", "ReadTimeout", "Row",
    "open_engine",
]  # fmt: skip


def open_engine(
    graph: Path | None = None, neo4j_uri: str | None = None, *, save: bool = True
) -> GraphEngine:
    """Neo4j when a URI is given, else the embedded FalkorDB graph stored at ``graph``
    (written back to its file when it closes if ``save``)."""
    if neo4j_uri:
        from xiansuo.engines.neo4j import Neo4jEngine

        return Neo4jEngine(neo4j_uri)
    if graph is None:
        raise ValueError("give a graph path or a Neo4j URI")
    from xiansuo.engines.falkordb import FalkorEngine

    return FalkorEngine(graph, save=save)
