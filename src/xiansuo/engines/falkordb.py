"""Embedded FalkorDB (falkordblite): the zero-install default, a graph stored in one file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as ServerGone
from redis.exceptions import ResponseError
from redis.retry import Retry

from xiansuo.engines.base import (
    ContextManaged,
    EngineStopped,
    GraphEngine,
    NodeKey,
    QueryFailed,
    QueryRefused,
    ReadOnlyViolation,
    ReadTimeout,
    Row,
    plain_value,
)  # fmt: skip
from xiansuo.engines.falkordb_server import start_server, stop_leftover

__all__ = ["FalkorEngine", "capped", "index_statement"]

GRAPH_NAME = "xiansuo"
# No periodic snapshots: a bulk load would fork and rewrite the whole graph every few
# seconds; a build saves at checkpoints and when it closes. A server that stops (a query
# asked for more memory than there is) stops at once, without testing the machine's memory.
SERVER_CONFIG = {"save": '""', "crash-memcheck-enabled": "no"}


def index_statement(key: NodeKey) -> str:
    """The FalkorDB index on a node key (FalkorDB has no IF NOT EXISTS)."""
    return f"CREATE INDEX FOR (n:{key.label}) ON (n.{key.property})"


def capped(query: str, max_rows: int) -> str:
    """The query inside a subquery whose rows stop at ``max_rows`` (the server stops early).

    >>> print(capped("MATCH (n) RETURN n.x AS x", 10))
    CALL {
    MATCH (n) RETURN n.x AS x
    }
    RETURN * LIMIT 10
    """
    return f"CALL {{\n{query.rstrip().rstrip(';')}\n}}\nRETURN * LIMIT {max_rows}"


class FalkorEngine(ContextManaged, GraphEngine):
    """A FalkorDB graph in a file; the private server starts here and stops on ``close``.

    A graph opened to be read (``save=False``) is never written back to its file, whatever
    happened to it; one opened to be built is saved when it closes normally, never after an
    error (``with`` ends in an exception), so a half-built graph never replaces a file.
    """

    name = "falkordb"

    def __init__(self, path: Path, *, save: bool = True) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.save = save
        # What a killed process left on this file must not serve, or save, what it held.
        self.stopped_leftover = stop_leftover(path)
        self._start()

    def _start(self) -> None:
        # No client-side socket timeout (redis-py's is 5 s): a big write batch or an analysis
        # of a large graph takes longer; reads are bounded by the query timeout.
        self._db = start_server(self.path, SERVER_CONFIG, socket_timeout=None)
        # A server that stopped is not called again and again: the first error is the answer.
        self._db.client.set_retry(Retry(NoBackoff(), 0))
        self._graph = self._db.select_graph(GRAPH_NAME)
        # Reads fail on a graph that was never written; a trivial query creates it.
        self._graph.query("RETURN 0")

    def ensure_schema(self, keys: Sequence[NodeKey]) -> None:
        self.ensure_indexes(keys)  # FalkorDB has no uniqueness constraints: MERGE keeps keys

    def ensure_indexes(self, properties: Sequence[NodeKey]) -> None:
        for key in properties:
            try:
                self._graph.query(index_statement(key))
            except ResponseError as exc:
                if "already indexed" not in str(exc):
                    raise

    def write(
        self,
        statement: str,
        rows: Sequence[Mapping[str, Any]],
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self._graph.query(statement, {**(params or {}), "rows": list(rows)})

    def read(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        try:
            result = self._graph.ro_query(query, dict(params or {}), timeout=timeout_ms)
        except ResponseError as exc:
            raise _error(exc, timeout_ms) from None
        names = [column[1] for column in result.header]
        try:
            return [
                dict(zip(names, map(plain_value, values), strict=True))
                for values in result.result_set
            ]
        except TypeError as exc:
            raise QueryFailed(str(exc)) from None

    def query(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        max_rows: int,
    ) -> list[Row]:
        try:
            self._refuse_outside_reach(query, params)
            return self.read(capped(query, max_rows + 1), params, timeout_ms=timeout_ms)
        except ServerGone:
            self.restart()
            raise EngineStopped(
                "the embedded engine stopped while the query ran (it asked for more memory "
                "than there is); it was started again from the graph as last saved"
            ) from None

    def _refuse_outside_reach(self, query: str, params: Mapping[str, Any] | None) -> None:
        """FalkorDB's own plan of the query: no LOAD CSV, however it is written."""
        try:
            plan = self._graph.explain(query, dict(params or {}))
        except ResponseError as exc:
            raise _error(exc, None) from None
        # Each line is "Operation | its arguments", indented by depth.
        if any(line.split("|")[0].strip().lower() == "load csv" for line in plan.plan):
            raise QueryRefused("LOAD CSV reads files and URLs outside the graph: refused")

    def checkpoint(self) -> None:
        self._db.client.save()

    def restart(self) -> None:
        """Start the server again from the file, after it stopped."""
        self._db.client.set_retry(Retry(NoBackoff(), 0))
        stop_leftover(self.path)
        self._start()

    def clear(self) -> None:
        self._graph.delete()
        self._graph.query("RETURN 0")

    def server_pid(self) -> int | None:
        return int(self._db.client.pid)

    def close(self, *, save: bool | None = None) -> None:
        """Stop the server; save the graph to its file if it was opened to be built."""
        client = self._db.client
        try:
            if not (self.save if save is None else save) and _last_client(client):
                client.shutdown(nosave=True)
        except ServerGone:
            pass  # it stopped as asked (SHUTDOWN drops the connection by design)
        self._db.close()  # saves when it is the last client of a server still running

    def __exit__(self, *exc: object) -> None:
        self.close(save=False if exc[0] is not None else None)


def _last_client(client: Any) -> bool:
    return len(client.client_list()) <= 1


def _error(exc: ResponseError, timeout_ms: int | None) -> RuntimeError:
    message = str(exc)
    lowered = message.lower()
    if "timed out" in lowered:
        return ReadTimeout(f"query exceeded {timeout_ms} ms")
    if "read-only queries" in lowered:
        return ReadOnlyViolation(message)
    if "mem consumption exceeded" in lowered:
        return QueryFailed("the query used more memory than a query may (XIANSUO_QUERY_MEMORY_MB)")
    return QueryFailed(message)
