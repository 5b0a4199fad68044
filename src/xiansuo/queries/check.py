"""Rule checks: small validators that report every problem of every rule file, with its line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, get_args

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from xiansuo.graph_loader import load_mappings
from xiansuo.queries.lint import CypherText, GraphSchema, lint_cypher
from xiansuo.queries.params import cypher_types
from xiansuo.queries.rule import TEST_SUFFIX, Parameter, ParamType, Rule, rule_files
from xiansuo.queries.schema import graph_schema

__all__ = ["VALIDATORS", "Issue", "RuleFile", "Validator", "check_rules", "format_issues"]


@dataclass(frozen=True)
class Issue:
    """One problem: where (1-based line in the YAML file), which rule, which check, what."""

    path: Path
    line: int
    rule_id: str | None
    check: str
    message: str


def format_issues(issues: Iterable[Issue]) -> str:
    """One ``path:line: [check] rule_id: message`` line per issue.

    >>> print(format_issues([Issue(Path("r/a.yaml"), 3, "a", "filename", "bad name")]))
    r/a.yaml:3: [filename] a: bad name
    """
    return "\n".join(
        f"{i.path}:{i.line}: [{i.check}] {i.rule_id or '-'}: {i.message}" for i in issues
    )


# --- Reading a rule file: data for the checks, YAML nodes for the lines --------------------


@dataclass
class RuleFile:
    """One rule file as checked; the raw data is kept so an invalid rule is still checked."""

    path: Path
    root: Node | None = None
    data: dict[str, Any] = field(default_factory=dict)
    rule: Rule | None = None
    read_error: tuple[int, str] | None = None
    schema_errors: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> RuleFile:
        file = cls(path)
        try:
            file.root, data = _compose_and_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            file.read_error = (1, f"cannot read file: {exc}")
            return file
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            file.read_error = (mark.line + 1 if mark else 1, f"invalid YAML: {_one_line(exc)}")
            return file
        if data is not None and not isinstance(data, dict):
            file.read_error = (1, "a rule file must be a YAML mapping of keys")
            return file
        file.data = data or {}
        try:
            # As load_rule does, so that "check passes" means "loads".
            file.rule = Rule.model_validate({**file.data, "path": path})
        except ValidationError as exc:
            file.schema_errors = exc.errors()
        return file

    @property
    def rule_id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None

    @property
    def query(self) -> str | None:
        value = self.data.get("query")
        return value if isinstance(value, str) else None

    @cached_property
    def code(self) -> str:
        """The query without string literals and comments, same length and line structure."""
        return strip_literals(self.query or "")

    @cached_property
    def query_line(self) -> int:
        """The YAML line holding the query text's first line."""
        node = _child(self.root, "query")
        if node is None:
            return 1
        value = node[1]
        # A block scalar's text starts on the line after its `|` / `>` indicator.
        block = isinstance(value, ScalarNode) and value.style in ("|", ">")
        return value.start_mark.line + (2 if block else 1)

    def line_at(self, offset: int) -> int:
        """The YAML line of a character offset in the query."""
        return self.query_line + self.code.count("\n", 0, offset)

    def line_of(self, *loc: str | int) -> int:
        """The line of the deepest key of ``loc`` present in the file (1 if none)."""
        line, node = 1, self.root
        for key in loc:
            found = _child(node, key)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        return line

    @cached_property
    def param_types(self) -> dict[str, str]:
        """``cypher_types`` of the rule, or of its well-typed parameters when it is invalid."""
        if self.rule is not None:
            return cypher_types(self.rule)
        raw = self.data.get("parameters")
        params = {
            str(name): Parameter.model_construct(type=spec["type"])
            for name, spec in (raw.items() if isinstance(raw, dict) else ())
            if isinstance(spec, dict) and spec.get("type") in get_args(ParamType)
        }
        return cypher_types(Rule.model_construct(parameters=params))

    @cached_property
    def declared_params(self) -> dict[str, str]:
        """``param_types``, plus names whose type is invalid (schema reports them) as ``ANY``."""
        types = self.param_types
        untyped = [name for name in self.mapping_keys("parameters") if name not in types]
        # An invalid type might have been a date: accept `$name_day` too.
        return {**types, **{n + suffix: "ANY" for n in untyped for suffix in ("", "_day")}}

    def mapping_keys(self, key: str) -> list[str]:
        """The keys of a top-level mapping such as ``parameters`` or ``returns``."""
        value = self.data.get(key)
        return [str(name) for name in value] if isinstance(value, dict) else []


def _compose_and_load(text: str) -> tuple[Node | None, Any]:
    # One parse gives both the node tree (for lines) and the data.
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def _child(node: Node | None, key: str | int) -> tuple[Node, Node] | None:
    """(key node, value node) of a mapping key or sequence index; the last wins, as in PyYAML."""
    if isinstance(node, MappingNode):
        found = None
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(key):
                found = (key_node, value)
        return found
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    return None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


# --- Cypher text helpers --------------------------------------------------------------------

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


def _keyword(words: str) -> str:
    # A keyword, not a property (`n.set`), label (`:Set`), parameter, escaped name or map key.
    return rf"(?<![\w.:$`])(?:{words})(?![\w`])(?!\s*:(?!:))"


_CLAUSE = re.compile(
    r"\b(?:STARTS|ENDS)\s+WITH\b|(?P<kw>"
    + _keyword(
        "OPTIONAL|MATCH|WITH|WHERE|RETURN|UNWIND|ORDER|SKIP|LIMIT|UNION|CALL|CREATE|MERGE"
        "|SET|DELETE|DETACH|REMOVE|FOREACH|LOAD"
    )
    + ")",
    re.IGNORECASE,
)
_OPEN, _CLOSE = "([{", ")]}"


def _nesting(code: str) -> list[str]:
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


def _clauses(code: str) -> list[tuple[str, int, int]]:
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
    nest = _nesting(code)
    clauses = _clauses(code)
    spans = []
    for word, start, end in clauses:
        context = nest[start]
        if word != "WHERE" or (context and context[-1] != "{"):
            continue
        stop = next((s for _, s, _ in clauses if s > end and nest[s] == context), len(code))
        # Also stop where the enclosing `{ … }` closes.
        stop = next((i for i in range(end, stop) if len(nest[i]) < len(context)), stop)
        spans.append((end, stop))
    return spans


# --- Validators ---------------------------------------------------------------------------


class Validator:
    """One issue type. ``validate`` sees each file, ``finalize`` runs once after all of them."""

    check: ClassVar[str]

    def validate(self, file: RuleFile) -> Iterable[Issue]:
        return ()

    def finalize(self) -> Iterable[Issue]:
        return ()

    def issue(self, file: RuleFile, line: int, message: str) -> Issue:
        return Issue(file.path, line, file.rule_id, self.check, message)


class SchemaValidator(Validator):
    """The file is YAML and validates as a ``Rule``."""

    check = "schema"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        if file.read_error:
            yield self.issue(file, *file.read_error)
        for error in file.schema_errors:
            loc = tuple(error["loc"])
            yield self.issue(file, file.line_of(*loc), _schema_message(loc, error))


def _schema_message(loc: tuple[str | int, ...], error: dict[str, Any]) -> str:
    where = ".".join(map(str, loc))
    if error["type"] == "extra_forbidden":
        return f"unknown key {where!r}"
    message = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    if error["type"] != "missing" and isinstance(value, str | int | float | bool):
        message += f" (got {value!r})"
    return f"{where}: {message}" if where else message


class DuplicateKeyValidator(Validator):
    """No key twice in one mapping: YAML keeps the last silently."""

    check = "duplicate_key"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        yield from self._walk(file, file.root)

    def _walk(self, file: RuleFile, node: Node | None) -> Iterator[Issue]:
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if isinstance(key, ScalarNode):
                    if key.value in seen:
                        yield self.issue(
                            file, line, f"key {key.value!r} repeats line {seen[key.value]}"
                        )
                    seen.setdefault(key.value, line)
                yield from self._walk(file, value)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                yield from self._walk(file, item)


class FilenameValidator(Validator):
    """The id equals the file stem, and the file is a loadable ``*.yaml``."""

    check = "filename"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        if file.path.suffix != ".yaml":
            yield self.issue(file, 1, "rule files end in .yaml (others are not loaded)")
        stem = file.path.name.removesuffix(".yaml")
        if file.rule_id is not None and file.rule_id != stem:
            yield self.issue(
                file, file.line_of("id"), f"id {file.rule_id!r} differs from file name {stem!r}"
            )


class UniqueValidator(Validator):
    """Ids and uuids are unique across all checked files; the later one is reported."""

    check = "unique"

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], str] = {}

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        for key in ("id", "uuid"):
            value = file.data.get(key)
            if not isinstance(value, str):
                continue
            line = file.line_of(key)
            first = self.seen.setdefault((key, value), f"{file.path}:{line}")
            if first != f"{file.path}:{line}":
                yield self.issue(file, line, f"{key} {value!r} is already used by {first}")


_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


class ParamsValidator(Validator):
    """Every ``$name`` is declared, and every declared parameter is used."""

    check = "params"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        if file.query is None:
            return
        declared = file.declared_params
        uses: dict[str, int] = {}
        for match in _PARAM.finditer(file.code):
            uses.setdefault(match.group(1), match.start())
        for name, offset in uses.items():
            if name not in declared:
                yield self.issue(file, file.line_at(offset), f"${name} is not a declared parameter")
        for name in file.mapping_keys("parameters"):
            # A date reaches the query as `$name` and `$name_day` (declared); either counts.
            if name not in uses and not (name + "_day" in uses and name + "_day" in declared):
                yield self.issue(
                    file,
                    file.line_of("parameters", name),
                    f"parameter {name!r} is declared but the query never uses it",
                )


@dataclass(frozen=True)
class Pattern:
    """A construct to flag in the query code, and why."""

    regex: re.Pattern[str]
    message: str


def _pattern(regex: str, message: str) -> Pattern:
    return Pattern(re.compile(regex, re.IGNORECASE), message)


class PatternValidator(Validator):
    """Flags each construct of ``patterns`` at its line (once per line and construct)."""

    patterns: ClassVar[tuple[Pattern, ...]]

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        for pattern in self.patterns:
            lines: set[int] = set()
            for start in self.offsets(file, pattern):
                line = file.line_at(start)
                if line not in lines:
                    lines.add(line)
                    yield self.issue(file, line, pattern.message)

    def offsets(self, file: RuleFile, pattern: Pattern) -> Iterator[int]:
        return (m.start() for m in pattern.regex.finditer(file.code))


_WRITE = "rules are read-only:"


class ReadOnlyValidator(PatternValidator):
    """No write clause or procedure call (a ``CALL { … }`` subquery is fine)."""

    check = "read_only"
    patterns = (
        _pattern(_keyword("CREATE"), f"{_WRITE} CREATE writes to the graph"),
        _pattern(_keyword("MERGE"), f"{_WRITE} MERGE writes to the graph"),
        _pattern(_keyword("SET"), f"{_WRITE} SET writes to the graph"),
        _pattern(_keyword(r"(?:DETACH\s+)?DELETE"), f"{_WRITE} DELETE writes to the graph"),
        _pattern(_keyword("REMOVE"), f"{_WRITE} REMOVE writes to the graph"),
        _pattern(_keyword("DROP"), f"{_WRITE} DROP changes the schema"),
        _pattern(_keyword(r"LOAD\s+CSV"), f"{_WRITE} LOAD CSV reads files and feeds writes"),
        _pattern(_keyword("FOREACH"), f"{_WRITE} FOREACH exists to write"),
        _pattern(
            _keyword("CALL") + r"(?!\s*(?:\([^()]*\)\s*)?\{)",
            f"{_WRITE} procedure calls may write and differ by engine (CALL {{ … }} is fine)",
        ),
    )


def _unportable(regex: str, construct: str, fix: str) -> Pattern:
    return _pattern(regex, f"{construct}: not supported on FalkorDB; {fix}")


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
        _pattern(
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
        _unportable(_keyword("SHORTEST"), "SHORTEST", "use a bounded *1..N pattern"),
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


class ReturnsValidator(Validator):
    """The ``returns`` columns are exactly the names the final RETURN gives."""

    check = "returns"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        columns = returned_columns(file.code) if file.query is not None else None
        if columns is None:
            return  # no query, no RETURN or RETURN *: nothing to compare
        declared = file.mapping_keys("returns")
        for name, offset in columns.items():
            if name not in declared:
                hint = "" if re.fullmatch(r"\w+", name) else " (name it with AS)"
                yield self.issue(
                    file,
                    file.line_at(offset),
                    f"RETURN column {name!r} is not listed in returns{hint}",
                )
        for name in declared:
            if name not in columns:
                yield self.issue(
                    file,
                    file.line_of("returns", name),
                    f"returns lists {name!r} but the final RETURN has no such column",
                )


_RETURN = re.compile(_keyword("RETURN") + r"(?:\s+DISTINCT\b)?", re.IGNORECASE)
_RETURN_END = re.compile(_keyword(r"ORDER\s+BY|SKIP|LIMIT|UNION") + "|;", re.IGNORECASE)
_ALIAS = re.compile(r"\s(?:AS)\s+(\w+|`[^`]+`)\s*$", re.IGNORECASE)


def returned_columns(code: str) -> dict[str, int] | None:
    """The column names of the last top-level RETURN, with their offsets (None: none or ``*``).

    >>> returned_columns("MATCH (p) RETURN DISTINCT p.id AS person, p, count(*) ORDER BY p")
    {'person': 26, 'p': 42, 'count(*)': 45}
    """
    nest = _nesting(code)
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


class LintValidator(Validator):
    """Neo4j's own linter over all queries in one run: errors and warnings (typos) alike."""

    check = "lint"

    def __init__(self, schema: GraphSchema | None = None) -> None:
        self.schema = schema
        self.files: list[RuleFile] = []

    def validate(self, file: RuleFile) -> Iterable[Issue]:
        if file.query is not None:
            self.files.append(file)
        return ()

    def finalize(self) -> Iterator[Issue]:
        if not self.files:
            return
        if self.schema is None:
            self.schema = graph_schema(load_mappings())
        texts = [
            CypherText(str(i), f.query or "", f.declared_params) for i, f in enumerate(self.files)
        ]
        for found in lint_cypher(texts, self.schema):
            file = self.files[int(found.query_id)]
            yield self.issue(
                file, file.query_line + found.line - 1, f"{found.severity}: {found.message}"
            )


VALIDATORS: tuple[type[Validator], ...] = (
    SchemaValidator,
    DuplicateKeyValidator,
    FilenameValidator,
    UniqueValidator,
    ParamsValidator,
    ReadOnlyValidator,
    PortableValidator,
    ExistsValueValidator,
    PatternInWhereValidator,
    ReturnsValidator,
    LintValidator,
)


# --- Entry point ----------------------------------------------------------------------------


def check_rules(
    paths: Sequence[Path] | None = None,
    extra_folders: tuple[Path, ...] = (),
    *,
    lint: bool = True,
    schema: GraphSchema | None = None,
) -> list[Issue]:
    """Every issue of every rule file, ordered by file then line.

    ``paths`` are rule files or folders of them (``*.test.yaml`` files are rule tests and
    skipped); None checks the built-in rules plus ``extra_folders``. ``schema`` defaults to
    what the built-in mappings load. Problems in rules are issues; a missing or broken
    linter raises ``LinterUnavailable`` / ``CypherLintError`` (pass ``lint=False`` to skip).
    """
    files = [RuleFile.read(path) for path in _rule_paths(paths, extra_folders)]
    validators = [
        LintValidator(schema) if cls is LintValidator else cls()
        for cls in VALIDATORS
        if lint or cls is not LintValidator
    ]
    issues: list[Issue] = []
    for validator in validators:
        for file in files:
            issues += validator.validate(file)
        issues += validator.finalize()
    order = {file.path: index for index, file in enumerate(files)}
    return sorted(issues, key=lambda issue: (order[issue.path], issue.line))


def _rule_paths(paths: Sequence[Path] | None, extra_folders: tuple[Path, ...]) -> list[Path]:
    if paths is None:
        return rule_files(extra_folders)
    found: dict[Path, Path] = {}
    for path in paths:
        candidates = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for candidate in candidates:
            if not candidate.name.endswith(TEST_SUFFIX):
                found.setdefault(candidate.resolve(), candidate)  # each file once
    return list(found.values())
