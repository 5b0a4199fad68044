"""An issue a check found in a rule file or a query, and the shape of a check (a validator)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from xiansuo.model.texts import text
from xiansuo.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    from xiansuo.queries.checks.rule_file import RuleFile
    from xiansuo.queries.facts import QueryFacts

__all__ = ["FactValidator", "Finding", "Issue", "Severity", "Validator", "format_issues"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """A problem at an offset of a query text; ``message`` in every language."""

    at: int
    check: str
    message: dict[str, str]
    severity: Severity = "error"


@dataclass(frozen=True)
class Issue:
    """One problem: where (1-based line in the YAML file), which rule, which check, what."""

    path: Path
    line: int
    rule_id: str | None
    check: str
    message: dict[str, str]
    severity: Severity = "error"

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.message[lang]


def format_issues(issues: Iterable[Issue], lang: str = "en") -> str:
    """One ``path:line: severity [check] rule_id: message`` line per issue.

    >>> issue = Issue(Path("r/a.yaml"), 3, "a", "filename", {"zh": "名称不对", "en": "bad name"})
    >>> print(format_issues([issue]))
    r/a.yaml:3: error [filename] a: bad name
    >>> print(format_issues([issue], "zh"))
    r/a.yaml:3: 错误 [filename] a: 名称不对
    """
    return "\n".join(
        f"{i.path}:{i.line}: {text(f'check.{i.severity}', lang)} [{i.check}] "
        f"{i.rule_id or '-'}: {i.text(lang)}"
        for i in issues
    )


class Validator:
    """One issue type. ``validate`` sees each file, ``finalize`` runs once after all of them."""

    check: ClassVar[str]

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def validate(self, file: RuleFile) -> Iterable[Issue]:
        return ()

    def finalize(self) -> Iterable[Issue]:
        return ()

    def issue(
        self, file: RuleFile, line: int, message: dict[str, str], severity: Severity = "error"
    ) -> Issue:
        return Issue(file.path, line, file.rule_id, self.check, message, severity)


class FactValidator(Validator):
    """A check of what Neo4j's parser read from the query (``file.facts``); it does not run
    when the parser did not (``--no-lint``), and says nothing of a query it could not parse."""

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        if file.facts is None or not file.facts.parsed_cleanly:
            return
        seen: set[tuple[int, str]] = set()
        for found in self.findings(file.facts, file):
            line = file.line_at(found.at)
            if (line, found.message["en"]) not in seen:  # once per line and message
                seen.add((line, found.message["en"]))
                yield self.issue(file, line, found.message, found.severity)

    def findings(self, facts: QueryFacts, file: RuleFile) -> Iterable[Finding]:
        return ()
