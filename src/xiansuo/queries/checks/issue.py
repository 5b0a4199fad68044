"""An issue a check found in a rule file, and the shape of a check (a validator)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from xiansuo.queries.checks.rule_file import RuleFile

__all__ = ["Issue", "Validator", "format_issues"]


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


class Validator:
    """One issue type. ``validate`` sees each file, ``finalize`` runs once after all of them."""

    check: ClassVar[str]

    def validate(self, file: RuleFile) -> Iterable[Issue]:
        return ()

    def finalize(self) -> Iterable[Issue]:
        return ()

    def issue(self, file: RuleFile, line: int, message: str) -> Issue:
        return Issue(file.path, line, file.rule_id, self.check, message)
