"""The query stays inside the portable subset that both engines run alike (design/cypher.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xiansuo.queries.checks.patterns import PatternValidator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.scanner import Pattern, flag, keyword, where_spans

__all__ = ["ExistsValueValidator", "PatternInWhereValidator", "PortableValidator"]


def _unportable(regex: str, construct: str, fix: str) -> Pattern:
    return flag(regex, f"{construct}: not supported on FalkorDB; {fix}")


class PortableValidator(PatternValidator):
    """The query stays inside the portable subset (design/cypher.md)."""

    check = "portable"
    patterns = (
        _unportable(r"\bEXISTS\s*\{", "EXISTS { … }", "use a pattern predicate in WHERE"),
        _unportable(r"\bCOUNT\s*\{", "COUNT { … }", "use OPTIONAL MATCH + count(…) in a WITH"),
        _unportable(
            r"\bCOLLECT\s*\{", "COLLECT { … }", "use OPTIONAL MATCH + collect(…) in a WITH"
        ),
        _unportable(r"\bCALL\s*\([^()]*\)\s*\{", "CALL (x) { … }", "use CALL { WITH x … }"),
        _unportable(r"\bdatetime\s*\(", "datetime()", "compare dates or *_day integers"),
        _unportable(
            r"\bduration\s*\.\s*(?:between|in\w+)\s*\(",
            "duration.between/inDays",
            "subtract the *_day integer properties",
        ),
        flag(
            r"\bduration\s*\(",
            "duration(): spans of 31 days or more become months on FalkorDB (wrong dates); "
            "compare the *_day integer properties or $param_day",
        ),
        _unportable(r"=~", "regex =~", "use STARTS WITH / CONTAINS / ENDS WITH / IN"),
        _unportable(
            r"\b(?:all)?shortestPath\s*\(",
            "shortestPath/allShortestPaths",
            "use a bounded *1..N pattern",
        ),
        _unportable(keyword("SHORTEST"), "SHORTEST", "use a bounded *1..N pattern"),
        _unportable(
            r"[)\]>-]\s*\{\s*(?:\d+\s*(?:,\s*\d*)?|,\s*\d+)\s*\}|\)\s*\)[+*]\s*(?=[(<-])"
            r"|\]\s*-\s*>?\s*[+*]",
            "quantified path pattern",
            "use a bounded *1..N relationship",
        ),
        _unportable(r"\belementId\s*\(", "elementId()", "return key properties"),
        _unportable(
            r"\(\s*\w*\s*(?::\s*(?:\w+|`[^`]*`)\s*)*:\s*(?:\w+|`[^`]*`)?\s*[|&!%]",
            "label expression (n:A|B)",
            "use WHERE n:A OR n:B",
        ),
        _unportable(
            r"\bIS\s+(?:NOT\s+)?TYPED\b|::",
            "type predicate (IS :: / IS TYPED)",
            "use IS NULL / IS NOT NULL",
        ),
    )


_EXISTS_CALL = re.compile(r"\bexists\s*\(", re.IGNORECASE)
_PATTERN_IN_LIST = re.compile(
    r"\[\s*(?:\w+\s*=\s*)?\([^()\[\]]*\)\s*<?-|\bsize\s*\(\s*\(", re.IGNORECASE
)


class ExistsValueValidator(PatternValidator):
    """``exists(…)`` outside a WHERE clause is a value, which FalkorDB always makes true."""

    check = "portable"
    patterns = (
        Pattern(
            _EXISTS_CALL,
            "exists(…) used as a value is always true on FalkorDB: "
            "use OPTIONAL MATCH + count(…) > 0, or a pattern predicate in WHERE",
        ),
    )

    def offsets(self, file: RuleFile, pattern: Pattern) -> Iterator[int]:
        spans = where_spans(file.code)
        for match in pattern.regex.finditer(file.code):
            if not any(start <= match.start() < stop for start, stop in spans):
                yield match.start()


class PatternInWhereValidator(PatternValidator):
    """No pattern comprehension (or ``size()`` of a pattern) inside a WHERE clause."""

    check = "portable"
    patterns = (
        Pattern(
            _PATTERN_IN_LIST,
            "pattern comprehension or size()/any()/all()/none() over a pattern inside WHERE: "
            "not supported on FalkorDB; compute it in a WITH first, or use OPTIONAL MATCH + "
            "count(…)",
        ),
    )

    def offsets(self, file: RuleFile, pattern: Pattern) -> Iterator[int]:
        for start, stop in where_spans(file.code):
            for match in pattern.regex.finditer(file.code, start, stop):
                yield match.start()
