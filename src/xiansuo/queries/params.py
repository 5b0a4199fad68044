"""Rule parameters: typed and validated before anything runs, then passed only as ``$params``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from xiansuo.model.days import day_number
from xiansuo.model.labels import DAY_SUFFIX
from xiansuo.queries.rule import Rule

__all__ = ["ParameterError", "bind_params", "cypher_types", "used_params"]

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_CYPHER_TYPES = {
    "date": "STRING", "integer": "INTEGER", "number": "FLOAT", "string": "STRING",
    "boolean": "BOOLEAN",
}  # fmt: skip


class ParameterError(ValueError):
    """A parameter value that is missing or not of its declared type."""


def cypher_types(rule: Rule) -> dict[str, str]:
    """Every ``$name`` the rule may use with its Cypher type: declared, plus ``*_day`` of dates."""
    types = {}
    for name, param in rule.parameters.items():
        types[name] = _CYPHER_TYPES[param.type]
        if param.type == "date":
            types[name + DAY_SUFFIX] = "INTEGER"
    return types


def used_params(query: str) -> set[str]:
    """The ``$names`` a query text uses."""
    return set(_PARAM.findall(query))


def bind_params(rule: Rule, values: Mapping[str, Any]) -> dict[str, Any]:
    """The rule's parameters from ``values`` (others ignored) or defaults, typed.

    A date is passed as its ISO string (FalkorDB rejects date objects) and as a day number.
    """
    bound: dict[str, Any] = {}
    for name, param in rule.parameters.items():
        value = values.get(name, param.default)
        if value is None:
            raise ParameterError(f"rule {rule.id}: parameter {name!r} has no value and no default")
        try:
            bound[name] = _coerce(param.type, value)
        except (TypeError, ValueError):
            raise ParameterError(
                f"rule {rule.id}: parameter {name!r} must be a {param.type}, not {value!r}"
            ) from None
        if param.type == "date":
            bound[name + DAY_SUFFIX] = day_number(bound[name])
    return bound


def _coerce(kind: str, value: Any) -> Any:
    if kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        return dt.date.fromisoformat(str(value)).isoformat()
    if kind == "integer":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        return int(value)
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError(value)
        return float(value)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text not in ("true", "false"):
            raise ValueError(value)
        return text == "true"
    if not isinstance(value, str):
        raise TypeError(value)
    return value
