"""What makes a query safe to run for anyone: it reads the graph, and nothing else, once.

These checks run wherever a query someone wrote is about to run (``run``, ``rules test``,
an ad hoc query) and in ``rules check``. The engine enforces the same from its side
(read-only execution, and on the embedded engine no LOAD CSV in the plan, a server that
cannot reach files or the network), so a construct these text checks miss still cannot
write or leak.
"""

from __future__ import annotations

import re

from xiansuo.queries.scanner import Pattern, flag, keyword, nesting, strip_literals

__all__ = ["PROCEDURES", "SAFETY", "unsafe"]

# Procedures a query may call: they read the schema and nothing else, on both engines.
PROCEDURES = ("db.labels", "db.relationshipTypes", "db.propertyKeys")
_WRITE = "rules are read-only:"
_ALLOWED = "|".join(re.escape(name) for name in PROCEDURES)
SAFETY: tuple[Pattern, ...] = (
    flag(keyword("CREATE"), f"{_WRITE} CREATE writes to the graph"),
    flag(keyword("MERGE"), f"{_WRITE} MERGE writes to the graph"),
    flag(keyword("SET"), f"{_WRITE} SET writes to the graph"),
    flag(keyword(r"(?:DETACH\s+)?DELETE"), f"{_WRITE} DELETE writes to the graph"),
    flag(keyword("REMOVE"), f"{_WRITE} REMOVE writes to the graph"),
    flag(keyword("DROP"), f"{_WRITE} DROP changes the schema"),
    flag(keyword(r"LOAD\s+CSV"), "LOAD CSV reads files and URLs outside the graph"),
    flag(keyword("FOREACH"), f"{_WRITE} FOREACH exists to write"),
    flag(
        keyword("CALL") + rf"(?!\s*(?:\([^()]*\)\s*)?\{{)(?!\s*(?:{_ALLOWED})\s*\()",
        f"procedure calls may write or reach outside the graph and differ by engine (only "
        f"{', '.join(PROCEDURES)} and CALL {{ … }} subqueries are allowed)",
    ),
)


def unsafe(query: str) -> list[tuple[int, str]]:
    """Every construct that makes ``query`` unsafe to run, as (offset, why), by offset.

    >>> unsafe("MATCH (n) RETURN n.x AS x")
    []
    >>> [why for _, why in unsafe("MATCH (n) SET n.x = 1; MATCH (m) RETURN m")][:1]
    ['rules are read-only: SET writes to the graph']
    """
    code = strip_literals(query)
    found = [(m.start(), p.message) for p in SAFETY for m in p.regex.finditer(code)]
    found += [(offset, "one statement only: a rule runs one query") for offset in _statements(code)]
    return sorted(found)


def _statements(code: str) -> list[int]:
    """Offsets of every ``;`` at the top level that is followed by more text."""
    nest = nesting(code)
    return [
        i for i, char in enumerate(code)
        if char == ";" and nest[i] == "" and code[i + 1 :].strip()
    ]  # fmt: skip
