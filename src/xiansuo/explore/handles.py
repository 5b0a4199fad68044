"""Opaque handles for the nodes and relationships the browser is shown.

A node's key holds its ID number (``Person:5118…``), which the browser must not see when
masking is on; it gets a handle instead, a keyed digest that means nothing outside this
server, and the server keeps which node each handle stands for.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from collections import OrderedDict

from xiansuo.model.subgraph import GraphEdge

__all__ = ["Handles"]

EDGES_KEPT = 200_000  # relationships remembered for exports; the oldest are forgotten


class Handles:
    """Node key ↔ handle, for the life of one server (a new launch, new handles)."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)
        self._keys: dict[str, str] = {}
        self._edges: OrderedDict[str, GraphEdge] = OrderedDict()
        self._lock = threading.Lock()

    def _digest(self, text: str) -> str:
        return hashlib.blake2b(text.encode("utf-8"), key=self._secret, digest_size=8).hexdigest()

    def node(self, key: str) -> str:
        """The handle of the node with this key (``Label:value``)."""
        handle = "n" + self._digest(key)
        with self._lock:
            self._keys[handle] = key
        return handle

    def edge(self, edge: GraphEdge) -> str:
        """The handle of one relationship: the same relationship always gets the same one."""
        identity = json.dumps(
            [edge.source, edge.target, edge.type, sorted(edge.properties.items())],
            default=str,
            ensure_ascii=False,
        )
        handle = "e" + self._digest(identity)
        with self._lock:
            self._edges[handle] = edge
            self._edges.move_to_end(handle)
            if len(self._edges) > EDGES_KEPT:
                self._edges.popitem(last=False)
        return handle

    def edge_of(self, handle: str) -> GraphEdge | None:
        """The relationship a handle stands for, if it was given out lately."""
        with self._lock:
            return self._edges.get(handle)

    def key(self, handle: str) -> str | None:
        """The node a handle stands for; None if this server never gave it out."""
        with self._lock:
            return self._keys.get(handle)
