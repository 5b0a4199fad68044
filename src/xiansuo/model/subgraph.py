"""A subgraph to show an investigator: nodes and relationships with their properties.

Lead pages, ``xiansuo path`` and ``xiansuo neighborhood`` all build one of these and hand it
to the page renderer, so every page looks and behaves alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GraphEdge", "GraphNode", "Subgraph"]


@dataclass(frozen=True)
class GraphNode:
    """One node: its key (``Vocabulary.node_key``), primary label and stored properties."""

    key: str
    label: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphEdge:
    """One relationship between two node keys, with its type and stored properties."""

    source: str
    target: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Subgraph:
    """What a page shows: nodes by key, edges, the keys to highlight, and what was left out."""

    title: str
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    focus: set[str] = field(default_factory=set)
    omitted_nodes: int = 0
    omitted_edges: int = 0
    notes: list[str] = field(default_factory=list)
    omitted_labels: Counter[str] = field(default_factory=Counter)  # left-out nodes per label
