"""Rules only read: no write clause, no LOAD CSV, no procedure call."""

from __future__ import annotations

from xiansuo.queries.checks.patterns import PatternValidator, flag
from xiansuo.queries.checks.scanner import keyword

__all__ = ["ReadOnlyValidator"]

_WRITE = "rules are read-only:"


class ReadOnlyValidator(PatternValidator):
    """No write clause or procedure call (a ``CALL { … }`` subquery is fine)."""

    check = "read_only"
    patterns = (
        flag(keyword("CREATE"), f"{_WRITE} CREATE writes to the graph"),
        flag(keyword("MERGE"), f"{_WRITE} MERGE writes to the graph"),
        flag(keyword("SET"), f"{_WRITE} SET writes to the graph"),
        flag(keyword(r"(?:DETACH\s+)?DELETE"), f"{_WRITE} DELETE writes to the graph"),
        flag(keyword("REMOVE"), f"{_WRITE} REMOVE writes to the graph"),
        flag(keyword("DROP"), f"{_WRITE} DROP changes the schema"),
        flag(keyword(r"LOAD\s+CSV"), f"{_WRITE} LOAD CSV reads files and feeds writes"),
        flag(keyword("FOREACH"), f"{_WRITE} FOREACH exists to write"),
        flag(
            keyword("CALL") + r"(?!\s*(?:\([^()]*\)\s*)?\{)",
            f"{_WRITE} procedure calls may write and differ by engine (CALL {{ … }} is fine)",
        ),
    )
