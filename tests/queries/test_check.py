"""check_rules: the built-in rules are clean; each validator reports its issue at its line."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks import Issue, check_rules, format_issues
from xiansuo.queries.rule import BUILTIN_RULES

# Bad rules start from copies of built-in ones: one without and one with a date parameter.
PLAIN = BUILTIN_RULES / "multi_region_suspect.yaml"
DATED = BUILTIN_RULES / "correction_intake_missing.yaml"
VOCABULARY = Vocabulary.load()

# Returns what multi_region_suspect declares; tests insert bad lines into it.
QUERY = """\
MATCH (p:Person)-[r:PARTY_IN]->(c:Case)
WHERE r.role IN ['犯罪嫌疑人', '被告人']
WITH p, collect(DISTINCT c.case_no) AS cases, collect(DISTINCT c.region_code) AS regions
WHERE size(regions) >= 2
RETURN p.id_no AS person, p.name AS name, cases, regions
"""


def rule_text(
    source: Path = PLAIN,
    *,
    query: str | None = None,
    replace: Sequence[tuple[str, str]] = (),
) -> str:
    """A copy of a built-in rule, with text replaced and optionally a new query."""
    text = source.read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text, f"{source.name} no longer contains {old!r}: update this test"
        text = text.replace(old, new, 1)
    if query is not None:
        head, marker, _ = text.partition("\nquery: |\n")
        assert marker, f"{source.name} has no literal `query: |` block"
        text = head + marker + textwrap.indent(query, "  ")
    return text


def with_line(query: str, after: str, line: str) -> str:
    """The query with ``line`` inserted after the line starting with ``after``."""
    lines = query.splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines) if text.startswith(after))
    return "".join([*lines[: index + 1], line + "\n", *lines[index + 1 :]])


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (the independent oracle)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


def found(issues: list[Issue]) -> list[tuple[str, str, int]]:
    return [(issue.path.name, issue.check, issue.line) for issue in issues]


def check_one(path: Path) -> list[tuple[str, int]]:
    return [(issue.check, issue.line) for issue in check_rules(VOCABULARY, [path], lint=False)]


def test_builtin_rules_have_no_issues() -> None:
    # Real linter: a missing tools/cypher-lint install raises, so this fails, never skips.
    issues = check_rules(VOCABULARY)
    assert issues == [], format_issues(issues)


def test_wrong_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "renamed", rule_text())
    (issue,) = check_rules(VOCABULARY, [path], lint=False)
    assert (issue.check, issue.line, issue.rule_id) == (
        "filename",
        line(path, "id: "),
        "multi_region_suspect",
    )
    assert "'renamed'" in issue.message


def test_duplicate_uuid_across_files(tmp_path: Path) -> None:
    for name in ("copy_a", "copy_b"):
        write(tmp_path, name, rule_text(replace=[("id: multi_region_suspect", f"id: {name}")]))
    issues = check_rules(VOCABULARY, [tmp_path], lint=False)
    second = tmp_path / "copy_b.yaml"
    assert found(issues) == [("copy_b.yaml", "unique", line(second, "uuid: "))]
    assert f"{tmp_path / 'copy_a.yaml'}:{line(second, 'uuid: ')}" in issues[0].message


def test_duplicate_id_across_folders(tmp_path: Path) -> None:
    first = write(tmp_path / "a", "multi_region_suspect", rule_text())
    second = write(tmp_path / "b", "multi_region_suspect", rule_text())
    issues = check_rules(VOCABULARY, [tmp_path / "a", tmp_path / "b"], lint=False)
    assert [(i.path, i.check, i.line) for i in issues] == [
        (second, "unique", line(second, "id: ")),
        (second, "unique", line(second, "uuid: ")),
    ]
    assert str(first) in issues[0].message


def test_undeclared_param(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "correction_intake_missing",
        rule_text(DATED, replace=[("<= $as_of_day", "<= $as_of_day AND c.region_code = $region")]),
    )
    (issue,) = check_rules(VOCABULARY, [path], lint=False)
    assert (issue.check, issue.line) == ("params", line(path, "$region"))
    assert issue.message == "$region is not a declared parameter"


def test_unused_param(tmp_path: Path) -> None:
    path = write(
        tmp_path, "correction_intake_missing", rule_text(DATED, replace=[("$as_of_day", "20000")])
    )
    (issue,) = check_rules(VOCABULARY, [path], lint=False)
    assert (issue.check, issue.line) == ("params", line(path, "  as_of:"))
    assert "'as_of'" in issue.message


@pytest.mark.parametrize("use", ["$as_of", "$as_of_day"])
def test_date_param_counts_as_used_in_either_form(tmp_path: Path, use: str) -> None:
    path = write(
        tmp_path, "correction_intake_missing", rule_text(DATED, replace=[("$as_of_day", use)])
    )
    assert check_one(path) == []


def test_write_clauses(tmp_path: Path) -> None:
    query = with_line(QUERY, "MATCH", "CREATE (x:Case {case_no: 'x'})")
    query = with_line(query, "WHERE size", "SET p.flagged = true")
    path = write(tmp_path, "multi_region_suspect", rule_text(query=query))
    assert check_one(path) == [
        ("read_only", line(path, "CREATE (x")),
        ("read_only", line(path, "SET p.")),
    ]


def test_write_words_in_literals_comments_and_names_are_fine(tmp_path: Path) -> None:
    query = with_line(QUERY, "WHERE r", "  AND p.name <> 'SET x; CREATE y' // then DELETE")
    query = with_line(query, "WHERE size", "/* MERGE\n   REMOVE */")
    query = with_line(query, "WHERE size", "  AND p.set IS NULL AND {create: 1}.create = 1")
    path = write(tmp_path, "multi_region_suspect", rule_text(query=query))
    assert check_one(path) == []


@pytest.mark.parametrize(
    ("after", "bad_line", "message"),
    [
        ("WHERE r", "  AND EXISTS { (p)-[:RECEIVES]->() }", "EXISTS { … }"),
        ("WHERE r", "  AND r.role =~ '.*告人'", "regex =~"),
        ("WHERE r", "  AND date(c.effective_date) + duration('P90D') < date()", "duration()"),
        ("WHERE r", "  AND size([(p)-[:RECEIVES]->(s) | s]) > 0", "pattern comprehension"),
        ("MATCH", "WITH p, r, c, exists((p)-[:RECEIVES]->()) AS aided", "exists(…) used as"),
        ("MATCH", "MATCH (p)-[:PARTY_IN]->{1,2}(x:Case|Person)", "quantified path pattern"),
    ],
)
def test_unportable_constructs(tmp_path: Path, after: str, bad_line: str, message: str) -> None:
    query = with_line(QUERY, after, bad_line)
    path = write(tmp_path, "multi_region_suspect", rule_text(query=query))
    issues = check_rules(VOCABULARY, [path], lint=False)
    assert found(issues)[0] == (path.name, "portable", line(path, bad_line))
    assert {issue.line for issue in issues} == {line(path, bad_line)}
    assert issues[0].message.startswith(message)


def test_portable_forms_are_fine(tmp_path: Path) -> None:
    # Pattern predicates and exists() in WHERE, comprehensions in WITH, STARTS WITH.
    query = with_line(QUERY, "WHERE r", "  AND exists((p)-[:RECEIVES]->()) AND (p)-[:RECEIVES]->()")
    query = with_line(query, "  AND exists", "  AND [x IN [1] WHERE x > 0 | x] <> []")
    query = with_line(query, "  AND [x", "WITH p, r, c, size([(p)-[:RECEIVES]->(s) | s]) AS aid")
    query = with_line(query, "WITH p, r", "WHERE aid >= 0 AND c.case_no STARTS WITH '(' ")
    path = write(tmp_path, "multi_region_suspect", rule_text(query=query))
    assert check_one(path) == []


def test_returns_mismatch(tmp_path: Path) -> None:
    query = QUERY.replace("p.name AS name", "p.name AS full_name")
    path = write(tmp_path, "multi_region_suspect", rule_text(query=query))
    issues = check_rules(VOCABULARY, [path], lint=False)
    assert found(issues) == [
        (path.name, "returns", line(path, "  name: ")),
        (path.name, "returns", line(path, "AS full_name")),
    ]
    assert "'name'" in issues[0].message
    assert "'full_name'" in issues[1].message


def test_unknown_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "multi_region_suspect",
        rule_text(replace=[("severity: medium", "severity: medium\ncolour: red")]),
    )
    (issue,) = check_rules(VOCABULARY, [path], lint=False)
    assert (issue.check, issue.line) == ("schema", line(path, "colour:"))
    assert issue.message == "unknown key 'colour'"


def test_bad_values_at_their_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "correction_intake_missing",
        rule_text(
            DATED, replace=[("severity: high", "severity: urgent"), ("type: date", "type: datum")]
        ),
    )
    issues = check_rules(VOCABULARY, [path], lint=False)
    assert found(issues) == [
        (path.name, "schema", line(path, "severity:")),
        (path.name, "schema", line(path, "type: datum")),
    ]
    assert "(got 'urgent')" in issues[0].message
    assert issues[1].message.startswith("parameters.as_of.type:")


def test_yaml_errors(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken", rule_text(replace=[("status: stable", "status: [stable")]))
    twice = write(
        tmp_path,
        "multi_region_suspect",
        rule_text(replace=[("severity: medium", "severity: medium\nseverity: low")]),
    )
    assert found(check_rules(VOCABULARY, [broken, twice], lint=False)) == [
        ("broken.yaml", "schema", line(broken, "severity:")),
        ("multi_region_suspect.yaml", "duplicate_key", line(twice, "severity: low")),
    ]


def test_many_problems_in_one_file_are_all_reported(tmp_path: Path) -> None:
    query = with_line(QUERY, "WHERE r", "  AND r.role =~ $pattern")
    query = with_line(query, "WHERE size", "SET p.flagged = true")
    text = rule_text(query=query, replace=[("severity: medium", "severity: urgent")])
    path = write(tmp_path, "renamed", text)
    assert check_one(path) == [
        ("filename", line(path, "id: ")),
        ("schema", line(path, "severity:")),
        ("params", line(path, "$pattern")),
        ("portable", line(path, "$pattern")),
        ("read_only", line(path, "SET p.")),
    ]


def test_linter_issues_at_yaml_lines(tmp_path: Path) -> None:
    # One linter run for all cases; schema-invalid rules are linted too.
    undefined = write(
        tmp_path, "undefined_variable", rule_text(query=QUERY.replace("p.name", "c.name"))
    )
    typo = write(tmp_path, "label_typo", rule_text(query=QUERY.replace(":Person", ":Persn")))
    clean = write(tmp_path, "clean", rule_text(query=QUERY))
    several = write(
        tmp_path,
        "several",
        rule_text(
            query=QUERY.replace("c.region_code", "c.regoin_code"),
            replace=[("severity: medium", "severity: urgent")],
        ),
    )
    for path in (undefined, typo, clean, several):  # file names differ from the copied id
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("id: multi_region_suspect", f"id: {path.stem}"), "utf-8")
    issues = [
        i for i in check_rules(VOCABULARY, [tmp_path]) if i.check != "unique"
    ]  # all share a uuid
    assert found(issues) == [
        ("label_typo.yaml", "lint", line(typo, "(p:Persn)")),
        ("several.yaml", "schema", line(several, "severity:")),
        ("several.yaml", "lint", line(several, "c.regoin_code")),
        ("undefined_variable.yaml", "lint", line(undefined, "c.name AS name")),
    ]
    messages = [issue.message for issue in issues]
    assert messages[0].startswith("warning: ") and "Persn" in messages[0]
    assert messages[2].startswith("warning: ") and "regoin_code" in messages[2]
    assert messages[3] == "error: Variable `c` not defined"


def test_default_paths_are_builtin_plus_extra_folders(tmp_path: Path) -> None:
    write(tmp_path, "renamed", rule_text())
    (tmp_path / "renamed.test.yaml").write_text("not: a rule\n", encoding="utf-8")
    issues = check_rules(VOCABULARY, None, (tmp_path,), lint=False)
    # The copy repeats a built-in id and uuid, and its file name is wrong.
    assert found(issues) == [
        ("renamed.yaml", "filename", 1),
        ("renamed.yaml", "unique", 1),
        ("renamed.yaml", "unique", 2),
    ]


def test_format_issues() -> None:
    issues = [
        Issue(Path("rules/a.yaml"), 4, "a", "params", "$x is not a declared parameter"),
        Issue(Path("rules/b.yaml"), 1, None, "schema", "invalid YAML"),
    ]
    assert format_issues(issues) == (
        "rules/a.yaml:4: [params] a: $x is not a declared parameter\n"
        "rules/b.yaml:1: [schema] -: invalid YAML"
    )
