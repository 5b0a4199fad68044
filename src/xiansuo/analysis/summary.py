"""What the graph holds: nodes per label and relationships per type."""

from __future__ import annotations

from xiansuo.engines import GraphEngine

__all__ = ["graph_summary"]

NODES = "MATCH (n) RETURN labels(n)[0] AS name, count(n) AS total ORDER BY name"
RELATIONSHIPS = "MATCH ()-[r]->() RETURN type(r) AS name, count(r) AS total ORDER BY name"


def graph_summary(engine: GraphEngine) -> dict[str, dict[str, int]]:
    """Counts of nodes by label and relationships by type."""
    return {
        "nodes": {row["name"]: row["total"] for row in engine.read(NODES)},
        "relationships": {row["name"]: row["total"] for row in engine.read(RELATIONSHIPS)},
    }
