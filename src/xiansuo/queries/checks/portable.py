"""The query stays inside the portable subset that both engines run alike (design/cypher.md).

Neo4j's parser cannot tell what FalkorDB, the embedded engine, does not run, so these
constructs are found by the regular-expression scanner (``queries.scanner``). Each message
recommends what docs/rules.md recommends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xiansuo.model.texts import both
from xiansuo.queries.checks.issue import Finding
from xiansuo.queries.checks.patterns import PatternValidator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.scanner import Pattern, flag, keyword, strip_literals, where_spans

__all__ = ["ExistsValueValidator", "PatternInWhereValidator", "PortableValidator", "unportable"]

CHECK = "portable"


class PortableValidator(PatternValidator):
    """The query stays inside the portable subset (design/cypher.md)."""

    check = CHECK
    patterns = (
        flag(r"\bEXISTS\s*\{", "portable.exists_subquery"),
        flag(r"\bCOUNT\s*\{", "portable.count_subquery"),
        flag(r"\bCOLLECT\s*\{", "portable.collect_subquery"),
        flag(r"\bCALL\s*\([^()]*\)\s*\{", "portable.call_scope"),
        flag(r"\bdatetime\s*\(", "portable.datetime"),
        flag(r"\bduration\s*\.\s*(?:between|in\w+)\s*\(", "portable.duration_between"),
        flag(r"\bduration\s*\(", "portable.duration"),
        flag(r"=~", "portable.regex"),
        flag(r"\b(?:all)?shortestPath\s*\(", "portable.shortest_path"),
        flag(keyword("SHORTEST"), "portable.shortest"),
        flag(
            r"[)\]>-]\s*\{\s*(?:\d+\s*(?:,\s*\d*)?|,\s*\d+)\s*\}|\)\s*\)[+*]\s*(?=[(<-])"
            r"|\]\s*-\s*>?\s*[+*]",
            "portable.quantified",
        ),
        flag(r"\belementId\s*\(", "portable.element_id"),
        flag(
            r"\(\s*\w*\s*(?::\s*(?:\w+|`[^`]*`)\s*)*:\s*(?:\w+|`[^`]*`)?\s*[|&!%]",
            "portable.label_expression",
        ),
        flag(r"\bIS\s+(?:NOT\s+)?TYPED\b|::", "portable.type_predicate"),
    )


_EXISTS_CALL = re.compile(r"\bexists\s*\(", re.IGNORECASE)
_PATTERN_IN_LIST = re.compile(
    r"\[\s*(?:\w+\s*=\s*)?\([^()\[\]]*\)\s*<?-|\bsize\s*\(\s*\(", re.IGNORECASE
)


def _outside_where(code: str, pattern: Pattern) -> Iterator[int]:
    spans = where_spans(code)
    for match in pattern.regex.finditer(code):
        if not any(start <= match.start() < stop for start, stop in spans):
            yield match.start()


def _inside_where(code: str, pattern: Pattern) -> Iterator[int]:
    for start, stop in where_spans(code):
        for match in pattern.regex.finditer(code, start, stop):
            yield match.start()


class ExistsValueValidator(PatternValidator):
    """``exists(…)`` outside a WHERE clause is a value, which FalkorDB always makes true."""

    check = CHECK
    patterns = (Pattern(_EXISTS_CALL, "portable.exists_value"),)

    def offsets(self, file: RuleFile, pattern: Pattern) -> Iterator[int]:
        return _outside_where(file.code, pattern)


class PatternInWhereValidator(PatternValidator):
    """No pattern comprehension (or ``size()`` of a pattern) inside a WHERE clause."""

    check = CHECK
    patterns = (Pattern(_PATTERN_IN_LIST, "portable.pattern_in_where"),)

    def offsets(self, file: RuleFile, pattern: Pattern) -> Iterator[int]:
        return _inside_where(file.code, pattern)


def unportable(query: str) -> Iterator[Finding]:
    """Each construct of ``query`` outside the portable subset, as a finding."""
    code = strip_literals(query)
    for pattern in PortableValidator.patterns:
        for match in pattern.regex.finditer(code):
            yield Finding(match.start(), CHECK, both(pattern.key))
    for pattern in ExistsValueValidator.patterns:
        for offset in _outside_where(code, pattern):
            yield Finding(offset, CHECK, both(pattern.key))
    for pattern in PatternInWhereValidator.patterns:
        for offset in _inside_where(code, pattern):
            yield Finding(offset, CHECK, both(pattern.key))
