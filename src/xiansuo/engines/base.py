"""The graph engine interface: everything outside ``engines`` talks to the graph through it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self

__all__ = ["GraphEngine", "NodeKey", "ReadOnlyViolation", "ReadTimeout", "Row"]

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class NodeKey:
    """A label and the property that identifies its nodes (unique, indexed)."""

    label: str
    property: str


class ReadTimeout(RuntimeError):
    """A read-only query ran longer than its timeout."""


class ReadOnlyViolation(RuntimeError):
    """A query sent as read-only tried to write; the engine refused it."""


class GraphEngine(Protocol):
    """A property graph: schema, batched writes, read-only parameterised queries."""

    name: str

    def ensure_schema(self, keys: Sequence[NodeKey]) -> None:
        """Create the index / uniqueness constraint of each key if it does not exist."""

    def write(
        self,
        statement: str,
        rows: Sequence[Mapping[str, Any]],
        params: Mapping[str, Any] | None = None,
    ) -> None:
        """Run one ``UNWIND $rows AS row …`` statement over a batch, with batch-wide params."""

    def read(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        """Run a read-only query; rows are dicts of plain values (scalars, lists, maps)."""

    def clear(self) -> None:
        """Delete every node and relationship (scratch graphs: rule tests, fresh runs)."""

    def close(self) -> None:
        """Release the connection (and stop the embedded server)."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
