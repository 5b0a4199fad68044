"""What Neo4j's own parser says a query does: the facts the checks and the safety rules read.

The shipped linter (``queries.lint``) returns them for every query beside its diagnostics
(``tools/cypher-lint/facts.mjs`` reads them from the parse tree). Offsets are characters
into the query text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Column", "Comparison", "LabelUse", "Operand", "PropertyUse", "QueryFacts", "Returns", "Use",
]  # fmt: skip

Kind = Literal["node", "relationship", "either"]


@dataclass(frozen=True)
class Use:
    """A clause, command, procedure or parameter named at an offset."""

    name: str
    at: int


@dataclass(frozen=True)
class Column:
    """One column of the final RETURN: its name (alias, else the text) and offset."""

    name: str
    at: int
    aliased: bool


@dataclass(frozen=True)
class Returns:
    """The final RETURN: its columns, or ``star`` for ``RETURN *``."""

    columns: tuple[Column, ...]
    star: bool
    at: int


@dataclass(frozen=True)
class LabelUse:
    """A label or relationship type in a pattern (or ``WHERE n:Label``) and its variable."""

    name: str
    kind: Kind
    variable: str | None
    at: int


@dataclass(frozen=True)
class PropertyUse:
    """A property read from a variable (``n.prop``, or a key of a pattern's map)."""

    name: str
    variable: str | None
    at: int
    labels: tuple[str, ...] = ()  # the labels of the pattern the key is written in


@dataclass(frozen=True)
class Operand:
    """What a property is compared with: a literal, a list of literals, a parameter, a
    function call (``name``) or another property or expression."""

    kind: Literal["literal", "list", "parameter", "function", "property", "expression"]
    at: int
    values: tuple[Any, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class Comparison:
    """``variable.property op other`` (property on the left; the parser flips ``<`` sides)."""

    variable: str | None
    property: str
    op: str
    other: Operand
    at: int
    labels: tuple[str, ...] = ()
    wrapped: str = ""  # "coalesce" when the property is the first argument of coalesce(…)


@dataclass(frozen=True)
class QueryFacts:
    """Everything the parser read from one query."""

    statements: tuple[int, ...] = ()
    syntax_errors: int = 0
    updates: tuple[Use, ...] = ()
    commands: tuple[Use, ...] = ()  # administration commands: CREATE INDEX, SHOW …
    procedures: tuple[Use, ...] = ()
    parameters: tuple[Use, ...] = ()
    returns: Returns | None = None
    limits: tuple[Use, ...] = ()
    labels: tuple[LabelUse, ...] = ()
    properties: tuple[PropertyUse, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    # Each variable's kind and the labels (or type) it has anywhere in the query.
    variables: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def parsed_cleanly(self) -> bool:
        """The parser did not have to recover from an error: the facts are complete."""
        return self.syntax_errors == 0

    def owners(self, variable: str | None, labels: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The labels or relationship types ``variable`` may have (``labels`` written at the
        use itself come first)."""
        known = self.variables.get(variable, ("", ()))[1] if variable else ()
        return tuple(dict.fromkeys([*labels, *known]))

    def kind_of(self, variable: str | None) -> str:
        """ "node", "relationship" or "" (unknown)."""
        return self.variables.get(variable, ("", ()))[0] if variable else ""

    def uses(self) -> Iterator[tuple[str, str, int]]:
        """(label or type, property, offset) of every property read on a variable of known
        labels, one per owner."""
        for use in self.properties:
            for owner in self.owners(use.variable, use.labels):
                yield owner, use.name, use.at

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> QueryFacts:
        """The facts of the linter's JSON output."""

        def uses(key: str, name: str = "name") -> tuple[Use, ...]:
            return tuple(Use(item[name], item["at"]) for item in data.get(key, ()))

        returns = data.get("returns")
        return cls(
            statements=tuple(item["at"] for item in data.get("statements", ())),
            syntax_errors=data.get("syntax_errors", 0),
            updates=uses("updates", "clause"),
            commands=uses("commands"),
            procedures=uses("procedures"),
            parameters=uses("parameters"),
            returns=None
            if returns is None
            else Returns(
                tuple(Column(c["name"], c["at"], c["aliased"]) for c in returns["columns"]),
                returns["star"],
                returns["at"],
            ),
            limits=uses("limits", "clause"),
            labels=tuple(
                LabelUse(item["name"], item["kind"], item["variable"], item["at"])
                for item in data.get("labels", ())
            ),
            properties=tuple(
                PropertyUse(p["name"], p["variable"], p["at"], tuple(p.get("labels", [])))
                for p in data.get("properties", ())
            ),
            comparisons=tuple(_comparison(item) for item in data.get("comparisons", ())),
            variables={
                name: (item["kind"], tuple(item["labels"]))
                for name, item in data.get("variables", {}).items()
            },
        )


def _comparison(item: Mapping[str, Any]) -> Comparison:
    other = item["other"]
    values = other.get("values", [other["value"]] if "value" in other else [])
    return Comparison(
        variable=item["variable"],
        property=item["property"],
        op=item["op"],
        other=Operand(other["kind"], other["at"], tuple(values), other.get("name", "")),
        at=item["at"],
        labels=tuple(item.get("labels", ())),
        wrapped=item.get("wrapped", ""),
    )
