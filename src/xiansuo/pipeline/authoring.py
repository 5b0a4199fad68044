"""A query saved as a rule: the rule file and a test skeleton written from the template's
keys, then checked and tested as ``rules check`` and ``rules test`` do.

This is what the workbench page's "Save as rule" calls; nothing here knows of the page.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from xiansuo.engines import open_engine
from xiansuo.model.files import atomic_write
from xiansuo.model.mapping import Mapping as TableMapping
from xiansuo.outputs.templates import field_note
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.rule_tests import CaseResult, run_rule_tests
from xiansuo.queries.checks import Issue, RuleFile, check_files, read_rule_files
from xiansuo.queries.facts import QueryFacts
from xiansuo.queries.lint import CypherLintError, LinterUnavailable
from xiansuo.queries.rule import TEST_SUFFIX, Rule, RuleError, load_rule
from xiansuo.queries.tables import rule_needs, template_tables

__all__ = ["RuleDraft", "SavedRule", "save_rule"]


@dataclass(frozen=True)
class RuleDraft:
    """What the author filled in. Texts are ``{"zh": …, "en": …}``; ``params`` maps each
    ``$name`` to ``{"type", "description": {zh, en}, "default"?}``; ``returns`` each column
    to its heading; ``cases`` are test cases (as in a ``.test.yaml``), else a skeleton."""

    id: str
    title: Mapping[str, str]
    description: Mapping[str, str]
    query: str
    returns: Mapping[str, str]
    persons: Sequence[str]
    cases: Sequence[str]
    names: Sequence[str]
    summary: Mapping[str, str]
    severity: str = "medium"
    status: str = "experimental"
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    tags: Sequence[str] = ()
    references: Sequence[str] = ()
    falsepositives: Sequence[str] = ()
    requires: Sequence[str] = ()
    tables: Sequence[str] = ()
    identity: str = "persons_and_cases"
    test_params: Mapping[str, Any] = field(default_factory=dict)
    test_cases: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True)
class SavedRule:
    """The two files written, what ``rules check`` and ``rules test`` say of them, and why
    the linter did not run if it did not (the other checks ran)."""

    rule_path: Path
    test_path: Path
    issues: list[Issue]
    results: list[CaseResult]
    lint_unavailable: str | None = None

    @property
    def passed(self) -> bool:
        """No issue, and every case passed."""
        return not self.issues and all(result.passed for result in self.results)


class _Dumper(yaml.SafeDumper):
    """YAML as people write it: a multi-line text as a block, keys in the given order."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flat = all(isinstance(item, str | int | float | bool) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def _dump(data: Mapping[str, Any]) -> str:
    return yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=96)


def _rule_data(draft: RuleDraft, rule_uuid: str) -> dict[str, Any]:
    """The rule's keys in the template's order."""
    query = draft.query.strip("\n") + "\n"
    data: dict[str, Any] = {
        "id": draft.id,
        "uuid": rule_uuid,
        "title": dict(draft.title),
        "description": dict(draft.description),
        "status": draft.status,
        "severity": draft.severity,
        "tags": list(draft.tags),
        "references": list(draft.references),
        "falsepositives": list(draft.falsepositives),
        "parameters": {name: dict(spec) for name, spec in draft.params.items()},
    }
    if draft.requires:
        data["requires"] = list(draft.requires)
    if draft.tables:
        data["tables"] = list(draft.tables)
    data["returns"] = dict(draft.returns)
    lead: dict[str, Any] = {
        "persons": list(draft.persons),
        "cases": list(draft.cases),
        "names": list(draft.names),
    }
    if draft.identity != "persons_and_cases":
        lead["identity"] = draft.identity
    data["lead"] = {**lead, "summary": dict(draft.summary)}
    data["query"] = query
    return data


def _table_comment(mapping: TableMapping) -> list[str]:
    lines = [f"#   {mapping.table} ({mapping.title}):"]
    return lines + [f"#     {s.column}: {field_note(s)}" for s in mapping.fields.values()]


def _test_text(
    draft: RuleDraft, rule: Rule | None, facts: QueryFacts | None, project: Project
) -> str:
    """The test file: the author's cases, else one empty case and the columns of every
    table the rule needs, to fill in a case that must give a lead and one beside it."""
    params = dict(draft.test_params) or {
        name: spec["default"] for name, spec in draft.params.items() if "default" in spec
    }
    cases = [dict(case) for case in draft.test_cases] or [
        {"name": "no data gives no lead", "tables": {}, "expect": []}
    ]
    body = _dump({"rule": draft.id, "params": params, "tables": {}, "cases": cases})
    head = [
        f"# Tests of {draft.id}. Each case loads its tables (contract columns; omitted ones are",
        '# empty) into an empty graph and must give exactly the leads in `expect`. "@甲" stands',
        '# for a valid synthetic resident ID, "@org.甲" for a USCC. Add a case that must give a',
        "# lead and one just beside it that must not, for every boundary.",
    ]
    if not draft.test_cases and rule is not None:
        tables = template_tables(rule_needs(rule, project.vocabulary, facts) or [])
        if tables:
            head.append("# The tables this rule reads, with their columns:")
            for table in tables:
                head += _table_comment(project.vocabulary.mappings[table])
    return "\n".join(head) + "\n" + body


def save_rule(
    project: Project, folder: Path, draft: RuleDraft, *, replace: bool = False
) -> SavedRule:
    """Write ``<folder>/<id>.yaml`` and ``<id>.test.yaml``, then check and test them.

    Raises ``RuleError`` when the id is not lower_snake_case, is a rule of the project
    (built-in or of ``--rules``) other than this file, or the files exist and ``replace``
    is off. A replaced rule keeps its uuid (it names the rule for good); its test file is
    kept unless the draft brings cases.
    """
    if not draft.id.isidentifier() or draft.id != draft.id.lower():
        raise RuleError(f"{draft.id!r}: a rule id is lower_snake_case")
    rule_path, test_path = folder / f"{draft.id}.yaml", folder / f"{draft.id}{TEST_SUFFIX}"
    here = rule_path.resolve()
    others = {r.id: r.path for r in project.rules if r.path and r.path.resolve() != here}
    if draft.id in others:
        raise RuleError(f"{draft.id}: already the id of {others[draft.id]}")
    rule_uuid = str(uuid.uuid4())
    if rule_path.exists():
        if not replace:
            raise RuleError(f"{rule_path} exists (replace it, or choose another id)")
        rule_uuid = load_rule(rule_path).uuid
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(rule_path, _dump(_rule_data(draft, rule_uuid)))
    # One linter run: its facts serve the checks, the test skeleton and the tests.
    file, unavailable = RuleFile.read(rule_path), None
    try:
        read_rule_files([file])
    except (LinterUnavailable, CypherLintError) as exc:
        unavailable = str(exc)
    issues = check_files(project.vocabulary, [file])
    try:
        rule: Rule | None = load_rule(rule_path)
    except RuleError:
        rule = None  # the issues say why, at its line
    if draft.test_cases or not test_path.exists():
        atomic_write(test_path, _test_text(draft, rule, file.facts, project))
    results: list[CaseResult] = []
    if rule is not None:
        # Always a scratch embedded graph: a project on Neo4j must not see its database emptied.
        with tempfile.TemporaryDirectory(prefix="xiansuo-save-") as work, \
                open_engine(Path(work) / "scratch.db") as engine:  # fmt: skip
            results = list(run_rule_tests(engine, project.vocabulary, rule, facts=file.facts))
    return SavedRule(rule_path, test_path, issues, results, unavailable)
