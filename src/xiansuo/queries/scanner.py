"""A scanner of Cypher text by regular expressions, for what Neo4j's linter does not report.

Neo4j's own parser (``queries.lint``) finds syntax and semantic errors; it has no notion of
what FalkorDB, the embedded engine, cannot run, nor of xiansuo's conventions. This scanner
finds those constructs (the portability denylist of ``design/cypher.md``), and for now also
write clauses, ``$parameters`` and the final RETURN's columns. It blanks string literals and
comments first, so text inside them is never taken for code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "PARAM", "Pattern", "flag", "keyword", "nesting", "returned_columns", "strip_literals",
    "where_spans",
]  # fmt: skip

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


PARAM = re.compile(r"\$([A-Za-z_]\w*)")


_RETURN = re.compile(keyword("RETURN") + r"(?:\s+DISTINCT\b)?", re.IGNORECASE)
_RETURN_END = re.compile(keyword(r"ORDER\s+BY|SKIP|LIMIT|UNION") + "|;", re.IGNORECASE)
_ALIAS = re.compile(r"\s(?:AS)\s+(\w+|`[^`]+`)\s*$", re.IGNORECASE)


def returned_columns(code: str) -> dict[str, int] | None:
    """The column names of the last top-level RETURN, with their offsets (None: none or ``*``).

    >>> returned_columns("MATCH (p) RETURN DISTINCT p.id AS person, p, count(*) ORDER BY p")
    {'person': 26, 'p': 42, 'count(*)': 45}
    """
    nest = nesting(code)
    starts = [m for m in _RETURN.finditer(code) if nest[m.start()] == ""]
    if not starts:
        return None
    begin = starts[-1].end()
    end = next(
        (m.start() for m in _RETURN_END.finditer(code, begin) if nest[m.start()] == ""),
        len(code),
    )
    columns: dict[str, int] = {}
    item_start = begin
    for i in range(begin, end + 1):
        if i == end or (code[i] == "," and nest[i] == ""):
            item = code[item_start:i]
            offset = item_start + len(item) - len(item.lstrip())
            if item.strip() == "*":
                return None
            alias = _ALIAS.search(item)
            name = alias.group(1).strip("`") if alias else " ".join(item.split())
            columns.setdefault(name, offset)
            item_start = i + 1
    return columns


@dataclass(frozen=True)
class Pattern:
    """A construct to flag in the query code, and why."""

    regex: re.Pattern[str]
    message: str


def flag(regex: str, message: str) -> Pattern:
    """A construct to flag, matched regardless of case."""
    return Pattern(re.compile(regex, re.IGNORECASE), message)
