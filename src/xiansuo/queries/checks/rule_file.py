"""A rule file as the checks read it: its data, its rule if valid, and the line of each key."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from xiansuo.model.texts import both
from xiansuo.queries.params import cypher_types
from xiansuo.queries.rule import Parameter, ParamType, Rule
from xiansuo.queries.scanner import strip_literals

if TYPE_CHECKING:
    from xiansuo.queries.facts import QueryFacts
    from xiansuo.queries.lint import LintIssue

__all__ = ["RuleFile"]


@dataclass
class RuleFile:
    """One rule file as checked; the raw data is kept so an invalid rule is still checked."""

    path: Path
    root: Node | None = None
    data: dict[str, Any] = field(default_factory=dict)
    rule: Rule | None = None
    read_error: tuple[int, dict[str, str]] | None = None
    schema_errors: list[dict[str, Any]] = field(default_factory=list)
    # What Neo4j's linter and parser read of the query (``check_rules`` fills them in; None
    # when the linter did not run).
    facts: QueryFacts | None = None
    lint_issues: list[LintIssue] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> RuleFile:
        file = cls(path)
        try:
            file.root, data = _compose_and_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            file.read_error = (1, both("check.unreadable", detail=str(exc)))
            return file
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark else 1
            file.read_error = (line, both("check.invalid_yaml", detail=_one_line(exc)))
            return file
        if data is not None and not isinstance(data, dict):
            file.read_error = (1, both("check.not_a_mapping"))
            return file
        file.data = data or {}
        try:
            # As load_rule does, so that "check passes" means "loads".
            file.rule = Rule.model_validate({**file.data, "path": path})
        except ValidationError as exc:
            file.schema_errors = [dict(error) for error in exc.errors()]
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
