"""What a rule's priority rests on: the network around its people, or facts of its own leads.

A rule file declares it under ``priority``. ``network: true`` (the default) is for
offender-centred rules: a lead on a member of a wide co-offender group ranks higher. A rule
about victims or about enforcement records says ``network: false`` and lists the returned
columns its leads rank by instead (``facts``), each in one of three ways:

- ``values``: a weight per value of the column (``{未赔偿: 0.5, 部分赔偿: 0.25}``);
- ``per_year``: a weight per year from the column's date to the run's reference date;
- ``per_tenfold``: a weight per tenfold of the column's amount above ``above`` (yuan).

Each fact adds at most ``max`` to the lead's factor (1 and up), which multiplies the rule's
severity weight as the network factor does for the others.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["PriorityFact", "PrioritySpec"]


class PriorityFact(BaseModel):
    """One returned column a rule's leads rank by, and how."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    column: str
    values: dict[str, float] = {}
    per_year: float = Field(default=0.0, ge=0)
    per_tenfold: float = Field(default=0.0, ge=0)
    above: float = Field(default=1.0, gt=0)
    max: float = Field(default=1.0, ge=0)

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        ways = [bool(self.values), bool(self.per_year), bool(self.per_tenfold)]
        if sum(ways) != 1:
            raise ValueError(
                f"priority fact {self.column!r}: give exactly one of values, per_year, per_tenfold"
            )
        return self

    @property
    def kind(self) -> str:
        return "values" if self.values else "per_year" if self.per_year else "per_tenfold"


class PrioritySpec(BaseModel):
    """A rule's ``priority``: the network factor, or the facts it ranks by."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    network: bool = True
    facts: tuple[PriorityFact, ...] = ()

    @model_validator(mode="after")
    def _network_or_facts(self) -> Self:
        if self.network and self.facts:
            raise ValueError("priority: facts are for rules without the network factor")
        return self
