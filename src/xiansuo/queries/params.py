"""Rule parameters: typed and validated before anything runs, then passed only as ``$params``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from xiansuo.model.days import day_number
from xiansuo.model.labels import DAY_SUFFIX
from xiansuo.model.vocabulary import PropertySource, Vocabulary
from xiansuo.queries.facts import QueryFacts
from xiansuo.queries.rule import ParamType, Rule

__all__ = [
    "ParameterError", "bind_params", "bind_values", "coerce", "cypher_types", "kind_of_text",
    "kinds_from_use", "used_params",
]  # fmt: skip

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
            bound[name] = coerce(param.type, value)
        except (TypeError, ValueError):
            raise ParameterError(
                f"rule {rule.id}: parameter {name!r} must be a {param.type}, not {value!r}"
            ) from None
        if param.type == "date":
            bound[name + DAY_SUFFIX] = day_number(bound[name])
    return bound


def coerce(kind: str, value: Any) -> Any:
    """``value`` as a parameter of ``kind`` (a date as its ISO text); raises ValueError or
    TypeError when it is not one."""
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


# A field of these types holds a number; every other field holds text, however it looks
# (an ID number, a region code), or a date as ISO text.
_NUMBER_FIELDS: dict[str, ParamType] = {"integer": "integer", "amount": "number"}
_INTEGER = re.compile(r"-?(?:0|[1-9]\d*)")
_NUMBER = re.compile(r"-?\d+\.\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def kinds_from_use(facts: QueryFacts, vocabulary: Vocabulary) -> dict[str, ParamType]:
    """The kind of each ``$name`` the query compares with a property of known type: the
    property's (text for an ID number or a region code, a date for a date, an integer for
    a day number or a count)."""
    kinds: dict[str, ParamType] = {}
    for c in facts.comparisons:
        if c.other.kind != "parameter":
            continue
        for owner in facts.owners(c.variable, c.labels):
            for source in vocabulary.sources.get((owner, c.property), ()):
                kinds.setdefault(c.other.name, _kind_of_source(source))
    return kinds


def _kind_of_source(source: PropertySource) -> ParamType:
    if source.day:
        return "integer"
    if source.const is not None:
        return "integer" if isinstance(source.const, int) else "string"
    if source.field is None:
        return "string"
    if source.field.type == "date":
        return "date"
    return _NUMBER_FIELDS.get(source.field.type, "string")


def kind_of_text(value: str) -> ParamType:
    """The kind a value typed on the command line has by its look alone.

    >>> [kind_of_text(v) for v in ["true", "12", "-1.5", "2025-06-30", "被告人", "007"]]
    ['boolean', 'integer', 'number', 'date', 'string', 'string']
    """
    if value.lower() in ("true", "false"):
        return "boolean"
    if _INTEGER.fullmatch(value) and len(value) <= 12:  # longer: an ID number, a code
        return "integer"
    if _NUMBER.fullmatch(value):
        return "number"
    if _DATE.fullmatch(value):
        return "date"
    return "string"


def bind_values(
    values: Mapping[str, Any], kinds: Mapping[str, ParamType] | None = None
) -> dict[str, Any]:
    """Parameters of a query that is not a rule: each value of the kind ``kinds`` gives it
    (else a text is typed by its look, a Python value kept); a date is passed as its ISO
    text and, unless given, as ``<name>_day`` (days since 1970-01-01) as a rule's is.

    >>> bind_values({"as_of": "2025-06-30", "code": "510104"}, {"code": "string"})
    {'as_of': '2025-06-30', 'code': '510104', 'as_of_day': 20269}
    """
    bound: dict[str, Any] = {}
    days: dict[str, int] = {}
    for name, value in values.items():
        kind = (kinds or {}).get(name)
        if kind is None:
            kind = kind_of_text(value) if isinstance(value, str) else _kind_of(value)
        try:
            bound[name] = coerce(kind, value) if kind is not None else value
        except (TypeError, ValueError):
            raise ParameterError(f"${name} must be a {kind}, not {value!r}") from None
        if kind == "date":
            days[name + DAY_SUFFIX] = day_number(bound[name])
    return {**bound, **{k: v for k, v in days.items() if k not in bound}}


def _kind_of(value: Any) -> ParamType | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return "date"
    return None  # an int, a float, a bool, a list: passed as it is
