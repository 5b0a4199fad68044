"""Rule ids match file names and are unique, as are uuids."""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.queries.checks.issue import Issue, Validator
from xiansuo.queries.checks.rule_file import RuleFile

__all__ = ["FilenameValidator", "UniqueValidator"]


class FilenameValidator(Validator):
    """The id equals the file stem, and the file is a loadable ``*.yaml``."""

    check = "filename"

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        if file.path.suffix != ".yaml":
            yield self.issue(file, 1, "rule files end in .yaml (others are not loaded)")
        stem = file.path.name.removesuffix(".yaml")
        if file.rule_id is not None and file.rule_id != stem:
            yield self.issue(
                file, file.line_of("id"), f"id {file.rule_id!r} differs from file name {stem!r}"
            )


class UniqueValidator(Validator):
    """Ids and uuids are unique across all checked files; the later one is reported."""

    check = "unique"

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], str] = {}

    def validate(self, file: RuleFile) -> Iterator[Issue]:
        for key in ("id", "uuid"):
            value = file.data.get(key)
            if not isinstance(value, str):
                continue
            line = file.line_of(key)
            first = self.seen.setdefault((key, value), f"{file.path}:{line}")
            if first != f"{file.path}:{line}":
                yield self.issue(file, line, f"{key} {value!r} is already used by {first}")
