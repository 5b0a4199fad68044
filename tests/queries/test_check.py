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
    """The issues of one file found without Neo4j's linter and parser."""
    return [(issue.check, issue.line) for issue in check_rules(VOCABULARY, [path], lint=False)]


def _dated(*replace: tuple[str, str]) -> tuple[str, str]:
    return "correction_intake_missing", rule_text(DATED, replace=replace)


def _plain(query: str, *replace: tuple[str, str]) -> tuple[str, str]:
    return "multi_region_suspect", rule_text(query=query, replace=replace)


# Rules whose checks read Neo4j's parse: each in a folder of its own, all checked in one
# linter run (a run costs seconds); the copies share their id and uuid, so `unique` is ignored.
PARSED = {
    "undeclared_param": _dated(("<= $as_of_day", "<= $as_of_day AND c.region_code = $region")),
    "unused_param": _dated(("$as_of_day", "20000")),
    "as_of": _dated(("$as_of_day", "$as_of")),
    "as_of_day": _dated(),
    "returns_mismatch": _plain(QUERY.replace("p.name AS name", "p.name AS full_name")),
    "unnamed_column": _plain(QUERY.replace("p.name AS name", "p.name")),
    "many_problems": _plain(
        with_line(
            with_line(QUERY, "WHERE r", "  AND r.role =~ $pattern"),
            "WHERE size",
            "SET p.flagged = true",
        ),
        ("severity: medium", "severity: urgent"),
    ),
    "write_words": _plain(
        with_line(
            with_line(
                with_line(QUERY, "WHERE r", "  AND p.name <> 'SET x; CREATE y' // then DELETE"),
                "WHERE size",
                "/* MERGE\n   REMOVE */",
            ),
            "WHERE size",
            "  AND p.set IS NULL AND {create: 1}.create = 1",
        )
    ),
    "write_clauses": _plain(
        with_line(
            with_line(QUERY, "MATCH", "CREATE (x:Case {case_no: 'x'})"),
            "WHERE size",
            "SET p.flagged = true",
        )
    ),
    "undefined_variable": _plain(QUERY.replace("p.name", "c.name")),
    "label_typo": _plain(QUERY.replace(":Person", ":Persn")),
    "clean": _plain(QUERY),
    "several": _plain(
        QUERY.replace("c.region_code", "c.regoin_code"), ("severity: medium", "severity: urgent")
    ),
}


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Issue]]]:
    """Each rule of PARSED: its path and issues (linted, in one run for all)."""
    root = tmp_path_factory.mktemp("parsed")
    paths = {name: write(root / name, stem, text) for name, (stem, text) in PARSED.items()}
    issues = [i for i in check_rules(VOCABULARY, list(paths.values())) if i.check != "unique"]
    return {name: (path, [i for i in issues if i.path == path]) for name, path in paths.items()}


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
    assert "'renamed'" in issue.text("en")


def test_duplicate_uuid_across_files(tmp_path: Path) -> None:
    for name in ("copy_a", "copy_b"):
        write(tmp_path, name, rule_text(replace=[("id: multi_region_suspect", f"id: {name}")]))
    issues = check_rules(VOCABULARY, [tmp_path], lint=False)
    second = tmp_path / "copy_b.yaml"
    assert found(issues) == [("copy_b.yaml", "unique", line(second, "uuid: "))]
    assert f"{tmp_path / 'copy_a.yaml'}:{line(second, 'uuid: ')}" in issues[0].text("en")


def test_duplicate_id_across_folders(tmp_path: Path) -> None:
    first = write(tmp_path / "a", "multi_region_suspect", rule_text())
    second = write(tmp_path / "b", "multi_region_suspect", rule_text())
    issues = check_rules(VOCABULARY, [tmp_path / "a", tmp_path / "b"], lint=False)
    assert [(i.path, i.check, i.line) for i in issues] == [
        (second, "unique", line(second, "id: ")),
        (second, "unique", line(second, "uuid: ")),
    ]
    assert str(first) in issues[0].text("en")


def test_undeclared_param(parsed) -> None:
    path, issues = parsed["undeclared_param"]
    assert [(i.check, i.line) for i in issues] == [
        ("params", line(path, "$region")),
        ("lint", line(path, "$region")),  # Neo4j's linter says so too
    ]
    issue = issues[0]
    assert issue.text("en") == "$region is not a declared parameter"


def test_unused_param(parsed) -> None:
    path, (issue,) = parsed["unused_param"]
    assert (issue.check, issue.line) == ("params", line(path, "  as_of:"))
    assert "'as_of'" in issue.text("en")


@pytest.mark.parametrize("use", ["as_of", "as_of_day"])
def test_date_param_counts_as_used_in_either_form(parsed, use: str) -> None:
    assert parsed[use][1] == []


def test_checks_reading_the_parse_do_not_run_without_it(tmp_path: Path) -> None:
    # --no-lint: no Node at all, so parameters are not checked (the CLI says so).
    path = write(tmp_path, "correction_intake_missing", PARSED["undeclared_param"][1])
    assert check_one(path) == []


@pytest.mark.parametrize("lint", [True, False], ids=["parsed", "scanned"])
def test_write_clauses(parsed, tmp_path: Path, lint: bool) -> None:
    # CREATE between MATCH and WHERE is also a syntax error: the parse is incomplete, so
    # the safety check scans the text in both cases.
    path, issues = parsed["write_clauses"]
    if not lint:
        issues = check_rules(VOCABULARY, [path], lint=False)
    assert [(i.check, i.line) for i in issues if i.check == "read_only"] == [
        ("read_only", line(path, "CREATE (x")),
        ("read_only", line(path, "SET p.")),
    ]


@pytest.mark.parametrize("lint", [True, False], ids=["parsed", "scanned"])
def test_write_words_in_literals_comments_and_names_are_fine(parsed, lint: bool) -> None:
    path, issues = parsed["write_words"]
    issues = issues if lint else check_rules(VOCABULARY, [path], lint=False)
    # `p.set` is no property of a person (a `names` issue), but no write either.
    assert [i.check for i in issues] == (["names"] if lint else [])


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
    assert issues[0].text("en").startswith(message)


def test_portable_forms_are_fine(tmp_path: Path) -> None:
    # Pattern predicates and exists() in WHERE, comprehensions in WITH, STARTS WITH.
    query = with_line(QUERY, "WHERE r", "  AND exists((p)-[:RECEIVES]->()) AND (p)-[:RECEIVES]->()")
    query = with_line(query, "  AND exists", "  AND [x IN [1] WHERE x > 0 | x] <> []")
    query = with_line(query, "  AND [x", "WITH p, r, c, size([(p)-[:RECEIVES]->(s) | s]) AS aid")
    query = with_line(query, "WITH p, r", "WHERE aid >= 0 AND c.case_no STARTS WITH '(' ")
    path = write(tmp_path, "multi_region_suspect", rule_text(query=query))
    assert check_one(path) == []


def test_returns_mismatch(parsed) -> None:
    path, issues = parsed["returns_mismatch"]
    assert found(issues) == [
        (path.name, "returns", line(path, "  name: ")),
        (path.name, "returns", line(path, "AS full_name")),
    ]
    assert "'name'" in issues[0].text("en")
    assert "'full_name'" in issues[1].text("en")


def test_an_unnamed_column_is_named_by_its_text(parsed) -> None:
    path, issues = parsed["unnamed_column"]
    assert [(i.check, i.line, i.text("en")) for i in issues] == [
        (
            "returns",
            line(path, "  name: "),
            "returns lists 'name' but the final RETURN has no such column",
        ),
        (
            "returns",
            line(path, "p.name, cases"),
            "RETURN column 'p.name' is not listed in returns (name it with AS)",
        ),
    ]


def test_unknown_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "multi_region_suspect",
        rule_text(replace=[("severity: medium", "severity: medium\ncolour: red")]),
    )
    (issue,) = check_rules(VOCABULARY, [path], lint=False)
    assert (issue.check, issue.line) == ("schema", line(path, "colour:"))
    assert issue.text("en") == "unknown key 'colour'"


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
    assert "(got 'urgent')" in issues[0].text("en")
    assert issues[1].text("en").startswith("parameters.as_of.type:")


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


def test_many_problems_in_one_file_are_all_reported(parsed) -> None:
    path, issues = parsed["many_problems"]
    assert [(i.check, i.line) for i in issues] == [
        ("schema", line(path, "severity:")),
        ("params", line(path, "$pattern")),
        ("portable", line(path, "$pattern")),
        ("lint", line(path, "$pattern")),
        ("read_only", line(path, "SET p.")),
        ("names", line(path, "SET p.")),  # no person has a property `flagged`
    ]


def test_linter_and_parser_issues_at_yaml_lines(parsed) -> None:
    # Schema-invalid rules are linted too; a label or property typo is a `names` issue.
    issues = [i for name in ("label_typo", "clean", "several", "undefined_variable")
              for i in parsed[name][1]]  # fmt: skip
    typo, several, undefined = (
        parsed[n][0] for n in ("label_typo", "several", "undefined_variable")
    )
    assert [(i.path.parent.name, i.check, i.line) for i in issues] == [
        ("label_typo", "names", line(typo, "(p:Persn)")),
        ("several", "schema", line(several, "severity:")),
        ("several", "names", line(several, "c.regoin_code")),
        ("undefined_variable", "names", line(undefined, "c.name AS name")),
        ("undefined_variable", "lint", line(undefined, "c.name AS name")),
    ]
    messages = [issue.text("en") for issue in issues]
    assert messages[0] == "label Persn is not in the graph; did you mean Person (自然人)?"
    assert messages[2].startswith("Case has no property regoin_code; did you mean region_code")
    assert messages[4] == "Variable `c` not defined" and issues[4].severity == "error"


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
        Issue(Path("rules/a.yaml"), 4, "a", "params", {"zh": "甲", "en": "$x is not declared"}),
        Issue(Path("rules/b.yaml"), 1, None, "limit", {"zh": "乙", "en": "LIMIT"}, "warning"),
    ]
    assert format_issues(issues) == (
        "rules/a.yaml:4: error [params] a: $x is not declared\n"
        "rules/b.yaml:1: warning [limit] -: LIMIT"
    )
    assert format_issues(issues, "zh").splitlines()[1] == "rules/b.yaml:1: 警告 [limit] -: 乙"
