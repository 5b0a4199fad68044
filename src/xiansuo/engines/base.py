"""The graph engine interface: everything outside ``engines`` talks to the graph through it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self

__all__ = [
    "ContextManaged", "EngineStopped", "GraphEngine", "NodeKey", "QueryFailed", "QueryRefused",
    "ReadOnlyViolation", "ReadTimeout", "Row", "plain_value",
]  # fmt: skip

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


class QueryRefused(RuntimeError):
    """A query was refused before it ran: it could reach outside the graph (LOAD CSV)."""


class QueryFailed(RuntimeError):
    """The engine could not run a query (its syntax, an unknown function or procedure, a node
    returned instead of its properties, …); the message says why."""


class EngineStopped(RuntimeError):
    """The engine's server stopped while a query ran (it ran out of memory); it has been
    started again from the graph as last saved."""


class GraphEngine(Protocol):
    """A property graph: schema, batched writes, read-only parameterised queries."""

    name: str

    def ensure_schema(self, keys: Sequence[NodeKey]) -> None:
        """Create the index / uniqueness constraint of each key if it does not exist."""

    def ensure_indexes(self, properties: Sequence[NodeKey]) -> None:
        """Create a plain index (values need not be unique) on each label's property if it
        does not exist: for looking nodes up by something else than their key (a name)."""

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
        """Run one of xiansuo's own read-only queries; rows are dicts of plain values (scalars,
        lists, maps)."""

    def query(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        max_rows: int,
    ) -> list[Row]:
        """Run a query someone wrote (a rule, an ad hoc query): read-only, refused if it could
        reach outside the graph, stopped by the engine after ``max_rows + 1`` rows (so the
        caller can tell a cut result) or ``timeout_ms``. Raises ``ReadTimeout``,
        ``ReadOnlyViolation``, ``QueryRefused``, ``QueryFailed`` or ``EngineStopped``."""

    def checkpoint(self) -> None:
        """Make what was written so far survive a stop of the engine's server."""

    def clear(self) -> None:
        """Delete every node and relationship (scratch graphs: rule tests, fresh runs)."""

    def server_pid(self) -> int | None:
        """The process holding the graph when it runs on this machine (None: a remote one)."""

    def close(self) -> None:
        """Release the connection (and stop the embedded server)."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


class ContextManaged:
    """``with engine:`` closes it, whichever engine it is."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def plain_value(value: Any) -> Any:
    """A returned value as plain Python; rules return scalars, lists and maps only."""
    if isinstance(value, dict):  # FalkorDB's OrderedDict too
        return {k: plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    raise TypeError(f"queries must return scalars, lists or maps, not {type(value).__name__}")
