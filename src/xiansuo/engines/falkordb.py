"""Embedded FalkorDB (falkordblite): the zero-install default, a graph stored in one file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from redis.backoff import NoBackoff
from redis.exceptions import ResponseError
from redis.retry import Retry

from xiansuo.engines.base import (
    ContextManaged,
    GraphEngine,
    NodeKey,
    ReadOnlyViolation,
    ReadTimeout,
    Row,
    plain_value,
)  # fmt: skip

__all__ = ["FalkorEngine", "index_statement"]

GRAPH_NAME = "xiansuo"


def index_statement(key: NodeKey) -> str:
    """The FalkorDB index on a node key (FalkorDB has no IF NOT EXISTS)."""
    return f"CREATE INDEX FOR (n:{key.label}) ON (n.{key.property})"


class FalkorEngine(ContextManaged, GraphEngine):
    """A FalkorDB graph in a file; the private server starts here and stops on ``close``."""

    name = "falkordb"

    def __init__(self, path: Path) -> None:
        from redislite.falkordb_client import FalkorDB

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # No periodic snapshots: a bulk load would fork and rewrite the whole graph every
        # few seconds. The graph is saved when the engine closes (SHUTDOWN SAVE); it is
        # derived from the exports, so a crash costs a reload, not data.
        # No client-side socket timeout (redis-py's default is 5 s): a big write batch or an
        # analysis of a large graph takes longer; reads are bounded by the query timeout.
        self._db = FalkorDB(str(path), serverconfig={"save": '""'}, socket_timeout=None)
        self._graph = self._db.select_graph(GRAPH_NAME)
        # Reads fail on a graph that was never written; a trivial query creates it.
        self._graph.query("RETURN 0")

    def ensure_schema(self, keys: Sequence[NodeKey]) -> None:
        for key in keys:
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
            message = str(exc).lower()
            if "timed out" in message:
                raise ReadTimeout(f"query exceeded {timeout_ms} ms") from None
            if "read-only queries" in message:
                raise ReadOnlyViolation(str(exc)) from None
            raise
        names = [column[1] for column in result.header]
        return [
            dict(zip(names, map(plain_value, values), strict=True)) for values in result.result_set
        ]

    def clear(self) -> None:
        self._graph.delete()
        self._graph.query("RETURN 0")

    def server_pid(self) -> int | None:
        return int(self._db.client.pid)

    def close(self) -> None:
        # SHUTDOWN drops the connection by design; redis-py's default retries would back off
        # for seconds against a server that is gone.
        self._db.client.set_retry(Retry(NoBackoff(), 0))
        self._db.close()
