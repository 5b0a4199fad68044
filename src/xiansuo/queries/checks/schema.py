"""The file is YAML, validates as a rule, and repeats no key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from xiansuo.model.texts import both
from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.rule import LeadColumnsError

__all__ = ["DuplicateKeyValidator", "SchemaValidator"]


class SchemaValidator(Validator):
    """The file is YAML and validates as a ``Rule``."""

    check = "schema"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        if file.read_error:
            line, message = file.read_error
            yield self.issue(file, line, message)
        for error in file.schema_errors:
            if isinstance(error.get("ctx", {}).get("error"), LeadColumnsError):
                continue  # each column is reported at its line (LeadColumnsValidator)
            loc = tuple(error["loc"])
            yield self.issue(file, file.line_of(*loc), _schema_message(loc, error))


def _schema_message(loc: tuple[str | int, ...], error: dict[str, Any]) -> dict[str, str]:
    where = ".".join(map(str, loc))
    if error["type"] == "extra_forbidden":
        return both("check.unknown_key", key=repr(where))
    # pydantic says what is wrong in English; the catalogue frames it.
    message = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    if error["type"] != "missing" and isinstance(value, str | int | float | bool):
        message += f" (got {value!r})"
    return (
        both("check.schema", where=where, detail=message)
        if where
        else both("check.schema_whole", detail=message)
    )


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
                            file,
                            line,
                            both("check.duplicate_key", key=repr(key.value), line=seen[key.value]),
                        )
                    seen.setdefault(key.value, line)
                yield from self._walk(file, value)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                yield from self._walk(file, item)
