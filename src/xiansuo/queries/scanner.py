"""A scanner of Cypher text by regular expressions, for what Neo4j's linter does not report.

Neo4j's own parser (``queries.lint``) finds syntax and semantic errors; it has no notion of
what FalkorDB, the embedded engine, cannot run, nor of xiansuo's conventions. This scanner
finds those constructs (the portability denylist of ``design/cypher.md``). Everything else
the checks know of a query they read from Neo4j's parser (``queries.facts``); the only other
use of this scanner is the fallback of ``queries.safety`` when that parser cannot run. It
blanks string literals and comments first, so text inside them is never taken for code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Pattern", "flag", "keyword", "nesting", "strip_literals", "where_spans"]

_LITERAL = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.DOTALL
)


def strip_literals(query: str) -> str:
    """Blank out string contents and comments, keeping offsets and newlines.

    >>> strip_literals("RETURN 'SET' AS x // SET")
    "RETURN '   ' AS x       "
    """

    def blank(match: re.Match[str]) -> str:
        text = match.group()
        if text.startswith("`"):
            return text  # an escaped name, not a literal: keep it
        inner = re.sub(r"[^\n]", " ", text)
        return text[0] + inner[1:-1] + text[-1] if text[0] in "'\"" else inner

    return _LITERAL.sub(blank, query)


def keyword(words: str) -> str:
    # A keyword, not a property (`n.set`), label (`:Set`), parameter, escaped name or map key.
    return rf"(?<![\w.:$`])(?:{words})(?![\w`])(?!\s*:(?!:))"


_CLAUSE = re.compile(
    r"\b(?:STARTS|ENDS)\s+WITH\b|(?P<kw>"
    + keyword(
        "OPTIONAL|MATCH|WITH|WHERE|RETURN|UNWIND|ORDER|SKIP|LIMIT|UNION|CALL|CREATE|MERGE"
        "|SET|DELETE|DETACH|REMOVE|FOREACH|LOAD"
    )
    + ")",
    re.IGNORECASE,
)
_OPEN, _CLOSE = "([{", ")]}"


def nesting(code: str) -> list[str]:
    """The brackets open around each character, innermost last ('' at the top level)."""
    stack: list[str] = []
    out = []
    for char in code:
        if char in _CLOSE and stack:
            stack.pop()
        out.append("".join(stack))
        if char in _OPEN:
            stack.append(char)
    return out


def clauses(code: str) -> list[tuple[str, int, int]]:
    """(keyword, start, end) of each clause keyword, at any depth."""
    return [
        (m.group("kw").upper(), m.start(), m.end()) for m in _CLAUSE.finditer(code) if m.group("kw")
    ]


def where_spans(code: str) -> list[tuple[int, int]]:
    """Offsets of each clause-level ``WHERE`` up to its next clause (or closing brace).

    A ``WHERE`` inside a list or pattern comprehension, a quantifier or a node pattern is
    an expression, not a clause, and is skipped.

    >>> code = "MATCH (a) WHERE a.x > 1 RETURN [y IN a.l WHERE y > 0]"
    >>> [code[s:e] for s, e in where_spans(code)]
    [' a.x > 1 ']
    """
    nest = nesting(code)
    found = clauses(code)
    spans = []
    for word, start, end in found:
        context = nest[start]
        if word != "WHERE" or (context and context[-1] != "{"):
            continue
        stop = next((s for _, s, _ in found if s > end and nest[s] == context), len(code))
        # Also stop where the enclosing `{ … }` closes.
        stop = next((i for i in range(end, stop) if len(nest[i]) < len(context)), stop)
        spans.append((end, stop))
    return spans


@dataclass(frozen=True)
class Pattern:
    """A construct to flag in the query code, and the catalogue key of why."""

    regex: re.Pattern[str]
    key: str


def flag(regex: str, key: str) -> Pattern:
    """A construct to flag, matched regardless of case."""
    return Pattern(re.compile(regex, re.IGNORECASE), key)
