"""Rule checks: small validators that report every problem of every rule file, with its line.

Each validator is one issue type (pySigma's shape); ``check_rules`` runs them all and
collects every issue instead of stopping at the first. The query is read once for all
files by Neo4j's linter and parser (``queries.lint``); the validators of parameters,
returns, names, values, dates, LIMIT and tables read its facts, the portability validators
scan the text (``queries.scanner``), and read-only uses the facts or, without them, the
scanner (``queries.safety``). ``check_query`` checks a query that is not in a rule file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks.issue import Finding, Issue, Validator, format_issues
from xiansuo.queries.checks.lead import LeadColumnsValidator
from xiansuo.queries.checks.limits import LimitValidator
from xiansuo.queries.checks.lint import LintValidator
from xiansuo.queries.checks.names import NamesValidator
from xiansuo.queries.checks.naming import FilenameValidator, UniqueValidator
from xiansuo.queries.checks.params import ParamsValidator
from xiansuo.queries.checks.portable import (
    ExistsValueValidator,
    PatternInWhereValidator,
    PortableValidator,
)
from xiansuo.queries.checks.query import QueryCheck, check_query, position
from xiansuo.queries.checks.read_only import ReadOnlyValidator
from xiansuo.queries.checks.returns import ReturnsValidator
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.checks.schema import DuplicateKeyValidator, SchemaValidator
from xiansuo.queries.checks.tables import TablesValidator
from xiansuo.queries.checks.values import DatesValidator, ValuesValidator
from xiansuo.queries.lint import CypherText, read_cypher
from xiansuo.queries.rule import TEST_SUFFIX, rule_files

__all__ = [
    "VALIDATORS", "Finding", "Issue", "QueryCheck", "RuleFile", "Validator", "check_files",
    "check_query", "check_rules", "format_issues", "position", "read_rule_files",
]  # fmt: skip


VALIDATORS: tuple[type[Validator], ...] = (
    SchemaValidator,
    DuplicateKeyValidator,
    LeadColumnsValidator,
    FilenameValidator,
    UniqueValidator,
    ParamsValidator,
    ReadOnlyValidator,
    PortableValidator,
    ExistsValueValidator,
    PatternInWhereValidator,
    ReturnsValidator,
    NamesValidator,
    ValuesValidator,
    DatesValidator,
    LimitValidator,
    TablesValidator,
    LintValidator,
)


def read_rule_files(files: Sequence[RuleFile]) -> None:
    """Lint every file's query in one linter run and attach its diagnostics and facts.

    Raises ``LinterUnavailable`` / ``CypherLintError`` when the linter cannot run.
    """
    linted = [file for file in files if file.query is not None]
    texts = [CypherText(str(i), f.query or "", f.declared_params) for i, f in enumerate(linted)]
    for file, reading in zip(linted, read_cypher(texts), strict=True):
        file.facts, file.lint_issues = reading.facts, reading.issues


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
    or broken linter raises ``LinterUnavailable`` / ``CypherLintError``. ``lint=False``
    skips Neo4j's linter and parser, and with them every check that reads their facts.
    """
    files = [RuleFile.read(path) for path in _rule_paths(paths, extra_folders)]
    if lint:
        read_rule_files(files)
    return check_files(vocabulary, files)


def check_files(vocabulary: Vocabulary, files: Sequence[RuleFile]) -> list[Issue]:
    """Every issue of files already read (and linted by ``read_rule_files``, or not)."""
    issues: list[Issue] = []
    for cls in VALIDATORS:
        validator = cls(vocabulary)
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
