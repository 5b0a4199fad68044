"""Rule ids match file names and are unique, as are uuids."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.model.texts import both
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile

__all__ = ["FilenameValidator", "UniqueValidator"]


class FilenameValidator(Validator):
    """The id equals the file stem, and the file is a loadable ``*.yaml``."""

    check = "filename"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        if file.path.suffix != ".yaml":
            yield self.issue(file, 1, both("check.suffix"))
        stem = file.path.name.removesuffix(".yaml")
        if file.rule_id is not None and file.rule_id != stem:
            yield self.issue(
                file,
                file.line_of("id"),
                both("check.id_differs", id=repr(file.rule_id), stem=repr(stem)),
            )


class UniqueValidator(Validator):
    """Ids and uuids are unique across all checked files; the later one is reported."""

    check = "unique"

    def __init__(self, vocabulary: Vocabulary) -> None:
        super().__init__(vocabulary)
        self.seen: dict[tuple[str, str], str] = {}

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        for key in ("id", "uuid"):
            value = file.data.get(key)
            if not isinstance(value, str):
                continue
            line = file.line_of(key)
            first = self.seen.setdefault((key, value), f"{file.path}:{line}")
            if first != f"{file.path}:{line}":
                yield self.issue(
                    file, line, both("check.already_used", key=key, value=repr(value), where=first)
                )
