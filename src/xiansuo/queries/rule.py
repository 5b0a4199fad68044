"""Rule files: one supervision model per YAML file, with its metadata, parameters and Cypher."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)  # fmt: skip

from xiansuo.model.ranking import PrioritySpec
from xiansuo.model.severity import Severity
from xiansuo.model.texts import join_cjk_lines

__all__ = [
    "BUILTIN_RULES", "TEST_SUFFIX", "Bilingual", "LeadColumnsError", "LeadSpec", "Parameter",
    "Rule", "RuleError",
    "load_rule", "load_rules", "rule_files",
]  # fmt: skip

BUILTIN_RULES = Path(__file__).with_name("rules")
TEST_SUFFIX = ".test.yaml"
Status = Literal["experimental", "test", "stable", "deprecated"]
ParamType = Literal["date", "integer", "number", "string", "boolean"]
Stage = Literal["analysis"]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class RuleError(ValueError):
    """A rule file that cannot be read or is not a valid rule."""


class LeadColumnsError(ValueError):
    """The lead names columns the rule does not return."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Chinese text as written across several YAML lines: read without the folds' spaces.
ChineseText = Annotated[str, AfterValidator(join_cjk_lines)]


class Bilingual(_Strict):
    """A text in Chinese and English."""

    zh: ChineseText
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


class Parameter(_Strict):
    """A typed ``$param``; a date also reaches the query as ``$<name>_day`` (days since epoch)."""

    type: ParamType
    description: Bilingual
    default: str | int | float | bool | None = None


class LeadSpec(_Strict):
    """Which returned columns identify a lead, name its people, and say it in words."""

    persons: tuple[str, ...] = Field(min_length=1)
    cases: tuple[str, ...] = Field(min_length=1)
    # The columns holding the persons' names, shown beside their (masked) ID numbers.
    names: tuple[str, ...] = Field(min_length=1)
    # A group lead is its cases: a member whose record the mess left unresolved drops out of
    # the persons, and that must not make the group another lead with another register entry.
    identity: Literal["persons_and_cases", "cases"] = "persons_and_cases"
    summary: Bilingual


class Rule(_Strict):
    """One supervision model: metadata, typed parameters, returned columns and the query."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    uuid: str = Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    title: Bilingual
    description: Bilingual
    status: Status
    severity: Severity
    tags: tuple[str, ...] = ()
    references: tuple[ChineseText, ...] = ()
    falsepositives: tuple[ChineseText, ...] = ()
    parameters: dict[str, Parameter] = {}
    requires: tuple[Stage, ...] = ()
    # The input tables the rule needs (its data elements, 数据要素); when not given they are
    # derived from the labels, types and properties its query uses (queries.tables).
    tables: tuple[str, ...] = ()
    # Each returned column's Chinese name; written ``column: {zh: …, en: …}`` it also has
    # an English one (``returns_en``), which the English workbook and report show.
    returns: dict[str, ChineseText] = Field(min_length=1)
    returns_en: dict[str, str] = {}
    lead: LeadSpec
    priority: PrioritySpec = PrioritySpec()
    query: str
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _bilingual_returns(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("returns"), dict):
            return data
        returns, english = {}, dict(data.get("returns_en") or {})
        for column, title in data["returns"].items():
            if isinstance(title, dict) and set(title) == {"zh", "en"}:
                returns[column], english[column] = title["zh"], title["en"]
            else:
                returns[column] = title
        return {**data, "returns": returns, "returns_en": english}

    @model_validator(mode="after")
    def _lead_columns_are_returned(self) -> Self:
        used = [*self.lead.persons, *self.lead.cases, *self.lead.names]
        used += _PLACEHOLDER.findall(self.lead.summary.zh + self.lead.summary.en)
        used += [*self.returns_en, *(fact.column for fact in self.priority.facts)]
        unknown = sorted({column for column in used if column not in self.returns})
        if unknown:
            raise LeadColumnsError(
                f"lead or priority uses columns the rule does not return: {', '.join(unknown)}"
            )
        return self

    def column_title(self, column: str, lang: str) -> str:
        """A returned column's name for a reader of ``lang`` (its key where none is given)."""
        names = self.returns if lang == "zh" else self.returns_en
        return names.get(column) or column

    @property
    def enabled(self) -> bool:
        return self.status != "deprecated"

    @property
    def test_path(self) -> Path | None:
        """The rule's tests, beside it."""
        return self.path.with_name(self.id + TEST_SUFFIX) if self.path else None


def load_rule(path: Path) -> Rule:
    """Read one rule file; raises RuleError naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Rule.model_validate({**(data or {}), "path": path})
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RuleError(f"{path}: {exc}") from None


def rule_files(folders: tuple[Path, ...] = (), *, builtin: bool = True) -> list[Path]:
    """Rule files (not their tests) in the built-in folder and the given ones."""
    paths = []
    for folder in ((BUILTIN_RULES,) if builtin else ()) + tuple(folders):
        if not folder.is_dir():
            raise RuleError(f"rule folder not found: {folder}")
        paths += sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(TEST_SUFFIX))
    return paths


def load_rules(folders: tuple[Path, ...] = ()) -> list[Rule]:
    """All rules, built-in first; a later folder may not reuse an id."""
    rules: dict[str, Rule] = {}
    for path in rule_files(folders):
        rule = load_rule(path)
        if rule.id in rules:
            raise RuleError(f"{path}: rule id {rule.id!r} already defined in {rules[rule.id].path}")
        rules[rule.id] = rule
    return list(rules.values())
