"""What makes a query safe to run for anyone: it reads the graph, and nothing else, once.

These checks run wherever a query someone wrote is about to run (``run``, ``rules test``,
``xiansuo query``, the notebook API) and in ``rules check``. They read the query through
Neo4j's own parser when its facts are at hand (``queries.facts``) and it parsed the query
without having to recover from an error: the parse tree says exactly which clauses there
are. Otherwise — no Node runtime, a crashed linter, a query Neo4j's grammar rejects — the
regular-expression scanner decides, so the check is never unavailable. Either way the
engine enforces the same from its side (read-only execution; on the embedded engine no
LOAD CSV in the plan, and a server that cannot reach files or the network), so a construct
both readings miss still cannot write or leak.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from xiansuo.model.texts import both
from xiansuo.queries.facts import QueryFacts
from xiansuo.queries.scanner import flag, keyword, nesting, strip_literals

__all__ = ["PROCEDURES", "Unsafe", "unsafe"]

# Procedures a query may call: they read the schema and nothing else, on both engines.
PROCEDURES = ("db.labels", "db.relationshipTypes", "db.propertyKeys")
# (offset in the query, why it may not run, in every language)
Unsafe = tuple[int, dict[str, str]]
_WRITES = ("CREATE", "INSERT", "MERGE", "SET", "DELETE", "REMOVE")
_ALLOWED = "|".join(re.escape(name) for name in PROCEDURES)
# (construct, why, the clause named in why) for the scanner.
_SCANNED = (
    *((keyword(c), "safety.writes", c) for c in ("CREATE", "MERGE", "SET", "REMOVE")),
    (keyword(r"(?:DETACH\s+)?DELETE"), "safety.writes", "DELETE"),
    (keyword("DROP"), "safety.command", "DROP"),
    (keyword(r"LOAD\s+CSV"), "safety.load_csv", ""),
    (keyword("FOREACH"), "safety.foreach", ""),
    (
        keyword("CALL") + rf"(?!\s*(?:\([^()]*\)\s*)?\{{)(?!\s*(?:{_ALLOWED})\s*\()"
        r"\s*(?P<name>[\w.`]*)",
        "safety.procedure",
        "",
    ),
)
_PATTERNS = [(flag(regex, key), clause) for regex, key, clause in _SCANNED]


def unsafe(query: str, facts: QueryFacts | None = None) -> list[Unsafe]:
    """Every construct that makes ``query`` unsafe to run, as (offset, why), by offset.

    >>> unsafe("MATCH (n) RETURN n.x AS x")
    []
    >>> [why["en"] for _, why in unsafe("MATCH (n) SET n.x = 1; MATCH (m) RETURN m")][:1]
    ['rules are read-only: SET writes to the graph']
    """
    if facts is not None and facts.parsed_cleanly:
        found = list(_parsed(facts))
    else:
        found = list(_scanned(query))
    return sorted(found, key=lambda item: (item[0], item[1]["en"]))


def _procedure(name: str) -> dict[str, str]:
    return both("safety.procedure", name=name or "?", allowed=", ".join(PROCEDURES))


def _parsed(facts: QueryFacts) -> Iterable[Unsafe]:
    for update in facts.updates:
        if update.name in _WRITES:
            yield update.at, both("safety.writes", clause=update.name)
        elif update.name == "LOAD CSV":
            yield update.at, both("safety.load_csv")
        else:
            yield update.at, both("safety.foreach")
    for command in facts.commands:
        yield command.at, both("safety.command", clause=command.name)
    for call in facts.procedures:
        if call.name not in PROCEDURES:
            yield call.at, _procedure(call.name)
    for start in facts.statements[1:]:
        yield start, both("safety.statements")


def _scanned(query: str) -> Iterable[Unsafe]:
    code = strip_literals(query)
    for pattern, clause in _PATTERNS:
        for match in pattern.regex.finditer(code):
            if pattern.key == "safety.procedure":
                yield match.start(), _procedure(match.group("name").replace("`", ""))
            else:
                yield match.start(), both(pattern.key, clause=clause)
    for offset in _statements(code):
        yield offset, both("safety.statements")


def _statements(code: str) -> list[int]:
    """Offsets of every ``;`` at the top level that is followed by more text."""
    nest = nesting(code)
    return [
        i for i, char in enumerate(code)
        if char == ";" and nest[i] == "" and code[i + 1 :].strip()
    ]  # fmt: skip
