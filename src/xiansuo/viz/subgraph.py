"""A subgraph to show an investigator: nodes and relationships with their properties.

Lead pages, ``xiansuo path`` and ``xiansuo neighborhood`` all build one of these and hand it
to the page renderer, so every page looks and behaves alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["NODE_KEY", "GraphEdge", "GraphNode", "Subgraph", "node_key"]


def node_key(var: str) -> str:
    """A Cypher expression naming node ``var`` uniquely across labels: ``Label:business key``.

    Events come first: a roster period also stores its person's ``id_no``, so two periods of one
    person would share a key if ``id_no`` were tried before ``event_key``.

    >>> node_key("n")
    "labels(n)[0] + ':' + coalesce(n.event_key, n.id_no, n.case_no, n.code)"
    """
    keys = ", ".join(f"{var}.{p}" for p in ("event_key", "id_no", "case_no", "code"))
    return f"labels({var})[0] + ':' + coalesce({keys})"


NODE_KEY = node_key("n")


@dataclass(frozen=True)
class GraphNode:
    """One node: its key (see ``node_key``), primary label and stored properties."""

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
