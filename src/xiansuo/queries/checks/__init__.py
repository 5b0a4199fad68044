"""Rule checks: small validators that report every problem of every rule file, with its line.

Each validator is one issue type (pySigma's shape); ``check_rules`` runs them all and
collects every issue instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks.issue import Issue, Validator, format_issues
from xiansuo.queries.checks.lint import LintValidator
from xiansuo.queries.checks.naming import FilenameValidator, UniqueValidator
from xiansuo.queries.checks.params import ParamsValidator
from xiansuo.queries.checks.portable import (
    ExistsValueValidator,
    PatternInWhereValidator,
    PortableValidator,
)
from xiansuo.queries.checks.read_only import ReadOnlyValidator
from xiansuo.queries.checks.returns import ReturnsValidator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.checks.schema import DuplicateKeyValidator, SchemaValidator
from xiansuo.queries.rule import TEST_SUFFIX, rule_files
from xiansuo.queries.schema import graph_schema

__all__ = ["VALIDATORS", "Issue", "RuleFile", "Validator", "check_rules", "format_issues"]


VALIDATORS: tuple[type[Validator], ...] = (
    SchemaValidator,
    DuplicateKeyValidator,
    FilenameValidator,
    UniqueValidator,
    ParamsValidator,
    ReadOnlyValidator,
    PortableValidator,
    ExistsValueValidator,
    PatternInWhereValidator,
    ReturnsValidator,
    LintValidator,
)


def check_rules(
    vocabulary: Vocabulary,
    paths: Sequence[Path] | None = None,
    extra_folders: tuple[Path, ...] = (),
    *,
    lint: bool = True,
) -> list[Issue]:
    """Every issue of every rule file, ordered by file then line.

    ``paths`` are rule files or folders of them (``*.test.yaml`` files are rule tests and
    skipped); None checks the built-in rules plus ``extra_folders``. Labels, types and
    properties are checked against ``vocabulary``. Problems in rules are issues; a missing
    or broken linter raises ``LinterUnavailable`` / ``CypherLintError`` (pass ``lint=False``
    to skip).
    """
    files = [RuleFile.read(path) for path in _rule_paths(paths, extra_folders)]
    validators = [
        LintValidator(graph_schema(vocabulary)) if cls is LintValidator else cls()
        for cls in VALIDATORS
        if lint or cls is not LintValidator
    ]
    issues: list[Issue] = []
    for validator in validators:
        for file in files:
            issues += validator.validate(file)
        issues += validator.finalize()
    order = {file.path: index for index, file in enumerate(files)}
    return sorted(issues, key=lambda issue: (order[issue.path], issue.line))


def _rule_paths(paths: Sequence[Path] | None, extra_folders: tuple[Path, ...]) -> list[Path]:
    if paths is None:
        return rule_files(extra_folders)
    found: dict[Path, Path] = {}
    for path in paths:
        candidates = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for candidate in candidates:
            if not candidate.name.endswith(TEST_SUFFIX):
                found.setdefault(candidate.resolve(), candidate)  # each file once
    return list(found.values())
