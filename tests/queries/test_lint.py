"""Runs the real Neo4j front end (tools/cypher-lint); a missing install fails, never skips."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from xiansuo.queries.lint import (
    INSTALL_HINT,
    LINTER_DIR_ENV,
    CypherLintError,
    CypherText,
    GraphSchema,
    LinterUnavailable,
    LintIssue,
    lint_cypher,
)

SCHEMA = GraphSchema(
    labels=["Person", "Case"],
    relationship_types=["KNOWS", "INVOLVED_IN"],
    property_keys=["id_no", "name"],
)

QUERIES = [
    CypherText(
        "valid",
        "MATCH (p:Person {id_no: $id_no})-[:INVOLVED_IN]->(c:Case)\n"
        "RETURN c.name AS case_name, count(*) AS n",
        {"id_no": "STRING"},
    ),
    CypherText("undefined_var", "MATCH (n:Person)\nWITH n\nRETURN m"),
    CypherText("undeclared_param", "MATCH (n:Person) WHERE n.id_no = $missing RETURN n"),
    CypherText("removed_exists", "MATCH (n) WHERE exists(n.id_no) RETURN n"),
    CypherText("label_typo", "MATCH (n:Persn) RETURN n"),
    CypherText("property_typo", "MATCH (n:Person) RETURN n.nmae"),
    CypherText("syntax_error", "MATCH (n:Person RETURN n"),
    CypherText(
        "constraint",
        "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id_no IS UNIQUE",
    ),
    CypherText(
        "unwind_merge",
        "UNWIND $rows AS row MERGE (p:Person {id_no: row.k}) SET p += row.props",
        {"rows": "LIST<MAP>"},
    ),
    CypherText("aggregation_scope", "MATCH (n:Person) RETURN n.name, count(*) + n.id_no"),
]


# Linted once, in one call; called from test bodies (not a fixture) so that a missing
# install FAILS each test rather than erroring in setup.
@functools.cache
def _lint_all() -> dict[str, list[LintIssue]]:
    by_id: dict[str, list[LintIssue]] = {q.id: [] for q in QUERIES}
    for issue in lint_cypher(QUERIES, SCHEMA):
        by_id[issue.query_id].append(issue)
    return by_id


def issues_of(query_id: str) -> list[LintIssue]:
    return _lint_all()[query_id]


def errors(found: list[LintIssue]) -> list[LintIssue]:
    return [i for i in found if i.severity == "error"]


@pytest.mark.parametrize("query_id", ["valid", "constraint", "unwind_merge"])
def test_clean_queries(query_id: str) -> None:
    assert issues_of(query_id) == []


def test_undefined_variable_is_error_with_position() -> None:
    assert issues_of("undefined_var") == [
        LintIssue("undefined_var", "error", "Variable `m` not defined", 3, 8)
    ]


def test_undeclared_param_is_error() -> None:
    (issue,) = issues_of("undeclared_param")
    assert (issue.severity, issue.line, issue.column) == ("error", 1, 34)
    assert "$missing" in issue.message


def test_neo4j5_removed_exists_syntax_is_error() -> None:
    (issue,) = errors(issues_of("removed_exists"))
    assert "no longer supported" in issue.message
    assert "IS NOT NULL" in issue.message


def test_label_typo_is_warning() -> None:
    (issue,) = issues_of("label_typo")
    assert (issue.severity, issue.line, issue.column) == ("warning", 1, 10)
    assert "Persn" in issue.message


def test_property_key_typo_is_warning() -> None:
    (issue,) = issues_of("property_typo")
    assert (issue.severity, issue.column) == ("warning", 27)
    assert issue.message.startswith("nmae is not present")


def test_syntax_error_is_error() -> None:
    issue = issues_of("syntax_error")[0]
    assert (issue.severity, issue.line, issue.column) == ("error", 1, 17)
    assert issue.message.startswith("Invalid input 'RETURN'")


def test_aggregation_scope_is_error() -> None:
    (issue,) = errors(issues_of("aggregation_scope"))
    assert "implicit grouping" in issue.message


def test_one_call_maps_issues_back_to_ids() -> None:
    found = lint_cypher(
        [
            CypherText("first", "MATCH (a) RETURN x"),
            CypherText("ok", "RETURN 1 AS one"),
            CypherText("third", "MATCH (b)\nRETURN y"),
        ]
    )
    assert [(i.query_id, i.message, i.line) for i in found] == [
        ("first", "Variable `x` not defined", 1),
        ("third", "Variable `y` not defined", 2),
    ]


def test_empty_input_needs_no_linter() -> None:
    assert lint_cypher([]) == []


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        lint_cypher([CypherText("a", "RETURN 1"), CypherText("a", "RETURN 2")])


def _stub_linter(tmp_path: Path, script: str, *, installed: bool = True) -> Path:
    (tmp_path / "lint.mjs").write_text(script, encoding="utf-8")
    if installed:
        package = tmp_path / "node_modules/@neo4j-cypher/language-support"
        package.mkdir(parents=True)
        (package / "package.json").write_text("{}", encoding="utf-8")
    return tmp_path


def test_missing_node_modules_names_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LINTER_DIR_ENV, str(_stub_linter(tmp_path, "", installed=False)))
    with pytest.raises(LinterUnavailable, match=re.escape(INSTALL_HINT)):
        lint_cypher([CypherText("q", "RETURN 1")])


def test_canary_failure_raises_with_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = "process.stderr.write('cypher-lint: canary failed'); process.exit(3);"
    monkeypatch.setenv(LINTER_DIR_ENV, str(_stub_linter(tmp_path, script)))
    with pytest.raises(CypherLintError, match="code 3: cypher-lint: canary failed"):
        lint_cypher([CypherText("q", "RETURN 1")])


def test_non_json_output_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = "process.stdout.write('not json'); process.stderr.write('oops');"
    monkeypatch.setenv(LINTER_DIR_ENV, str(_stub_linter(tmp_path, script)))
    with pytest.raises(CypherLintError, match=r"non-JSON.*oops"):
        lint_cypher([CypherText("q", "RETURN 1")])
