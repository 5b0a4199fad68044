"""Neo4j 5 through the official driver: production and clusters (``neo4j://`` routing)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import Any

from xiansuo.engines.base import (
    ContextManaged,
    GraphEngine,
    NodeKey,
    QueryFailed,
    ReadOnlyViolation,
    ReadTimeout,
    Row,
    plain_value,
)  # fmt: skip

__all__ = ["CLEAR_STATEMENT", "Neo4jEngine", "constraint_statement", "index_statement"]

ENV_USER, ENV_PASSWORD, ENV_DATABASE = (
    "XIANSUO_NEO4J_USER",
    "XIANSUO_NEO4J_PASSWORD",
    "XIANSUO_NEO4J_DATABASE",
)


# Repeated until it deletes nothing: bounded transactions on every Neo4j 5 version (CALL {}
# IN TRANSACTIONS needs an auto-commit transaction and its scope syntax changed in 5.23).
CLEAR_STATEMENT = "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted"


def constraint_statement(key: NodeKey) -> str:
    """The uniqueness constraint (with its backing index) on a node key."""
    name = f"xiansuo_{key.label.lower()}_{key.property}"
    return (
        f"CREATE CONSTRAINT {name} IF NOT EXISTS "
        f"FOR (n:{key.label}) REQUIRE n.{key.property} IS UNIQUE"
    )


def index_statement(indexed: NodeKey) -> str:
    """A plain range index on a label's property (equality and ``STARTS WITH`` use it)."""
    name = f"xiansuo_{indexed.label.lower()}_{indexed.property}_index"
    return f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{indexed.label}) ON (n.{indexed.property})"


class Neo4jEngine(ContextManaged, GraphEngine):
    """A Neo4j database; credentials come from the environment, never from the command line."""

    name = "neo4j"

    def __init__(self, uri: str) -> None:
        import neo4j

        self._neo4j = neo4j
        user = os.environ.get(ENV_USER, "neo4j")
        password = os.environ.get(ENV_PASSWORD)
        auth = (user, password) if password is not None else None
        self._database = os.environ.get(ENV_DATABASE) or None
        self._driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        self._driver.verify_connectivity()

    def ensure_schema(self, keys: Sequence[NodeKey]) -> None:
        for key in keys:
            self._driver.execute_query(constraint_statement(key), database_=self._database)

    def ensure_indexes(self, properties: Sequence[NodeKey]) -> None:
        for indexed in properties:
            self._driver.execute_query(index_statement(indexed), database_=self._database)

    def write(
        self,
        statement: str,
        rows: Sequence[Mapping[str, Any]],
        params: Mapping[str, Any] | None = None,
    ) -> None:
        values = {**(params or {}), "rows": list(rows)}
        with self._driver.session(database=self._database) as session:
            session.execute_write(lambda tx: tx.run(statement, values).consume())

    def read(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        return self._read(query, params, timeout_ms, None)

    def query(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        max_rows: int,
    ) -> list[Row]:
        # Records are pulled as they are consumed: stopping after the cap stops the server.
        # LOAD CSV and procedures are refused before this by the rule checks (the server's
        # own import settings decide what LOAD CSV could read).
        return self._read(query, params, timeout_ms, max_rows + 1)

    def _read(
        self,
        query: str,
        params: Mapping[str, Any] | None,
        timeout_ms: int | None,
        cap: int | None,
    ) -> list[Row]:
        neo4j = self._neo4j
        timeout = timeout_ms / 1000 if timeout_ms else None
        text = neo4j.Query(query, timeout=timeout)

        def pull(tx: Any) -> list[dict[str, Any]]:
            result = tx.run(text, dict(params or {}))
            rows = [dict(record) for record in islice(result, cap)]
            result.consume()  # the rest is never sent
            return rows

        try:
            session = self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            )
            with session:
                records = session.execute_read(pull)
        except neo4j.exceptions.ClientError as exc:
            code = exc.code or ""
            if "Timeout" in code:
                raise ReadTimeout(f"query exceeded {timeout_ms} ms") from None
            if code.endswith(("AccessMode", "ForbiddenOnReadOnlyDatabase")):
                raise ReadOnlyViolation(exc.message or code) from None
            raise QueryFailed(exc.message or code) from None
        try:
            return [{k: plain_value(v) for k, v in record.items()} for record in records]
        except TypeError as exc:
            raise QueryFailed(str(exc)) from None

    def checkpoint(self) -> None:
        return None  # a Neo4j server makes every committed write durable itself

    def clear(self) -> None:
        deleted = 1
        while deleted:
            records, _, _ = self._driver.execute_query(CLEAR_STATEMENT, database_=self._database)
            deleted = records[0]["deleted"]

    def server_pid(self) -> int | None:
        return None  # a server elsewhere: its memory is its operators' to watch

    def close(self) -> None:
        self._driver.close()
