"""The checks a query author needs (issue 14): every issue at its line after a schema error,
"did you mean", values an enum column never holds, LIMIT and date(…) warnings, portability
hints that agree with the guide, declared tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_check import DATED, PLAIN, QUERY, line, rule_text, with_line, write

from xiansuo.model.texts import text
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks import Issue, check_query, check_rules

REPO = Path(__file__).resolve().parents[2]
VOCABULARY = Vocabulary.load()
MAPPED = Vocabulary.load([REPO / "docs" / "examples" / "mappings"])

# Each a copy of multi_region_suspect with lines added (or of correction_intake_missing).
CASES = {
    "label": with_line(QUERY, "MATCH", "MATCH (p)-[:RECEIVES]->(s:LowIncomPeriod)"),
    "type": with_line(QUERY, "MATCH", "MATCH (p)-[:RECIEVES]->(s:LowIncomePeriod)"),
    "type_as_label": with_line(QUERY, "MATCH", "MATCH (p)-[:RECEIVES]->(s:RECEIVES)"),
    "property": QUERY.replace("c.region_code", "c.regioncode"),
    "column_name": with_line(QUERY, "WHERE r", "  AND c.立案日期 IS NOT NULL"),
    "penalty": with_line(QUERY, "WHERE r", "  AND r.penalty = '罚金'"),
    "role_in_list": QUERY.replace("['犯罪嫌疑人', '被告人']", "['犯罪嫌疑人', '被告']"),
    "role_in_map": QUERY.replace("[r:PARTY_IN]", "[r:PARTY_IN {role: '证人'}]"),
    "never_unequal": with_line(QUERY, "WHERE r", "  AND r.penalty <> '罚金'"),
    "prefix": with_line(QUERY, "WHERE r", "  AND r.penalty STARTS WITH '罚'"),
    "constant": with_line(QUERY, "WHERE r", "  AND c.kind = 'crimnal'"),
    "fine_values": with_line(
        QUERY, "WHERE r", "  AND r.penalty IN ['拘役', '管制'] AND c.kind = 'criminal'"
    ),
    "limit": QUERY.replace("cases, regions\n", "cases, regions LIMIT 10\n"),
    "date_text": with_line(QUERY, "WHERE r", "  AND c.filed_date <= date('2025-06-30')"),
    "date_day": with_line(QUERY, "WHERE r", "  AND c.filed_date_day <= date('2025-06-30')"),
    "fine_dates": with_line(
        QUERY, "WHERE r", "  AND c.filed_date_day <= 20269 AND c.filed_date <= '2025-06-30'"
    ),
}


def _issues(files: dict[str, Path], vocabulary: Vocabulary) -> dict[str, list[Issue]]:
    found = [i for i in check_rules(vocabulary, list(files.values())) if i.check != "unique"]
    return {name: [i for i in found if i.path == path] for name, path in files.items()}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Issue]]]:
    """Each case's file and issues: one linter run for all."""
    root = tmp_path_factory.mktemp("author")
    files = {
        name: write(root / name, "multi_region_suspect", rule_text(query=query))
        for name, query in CASES.items()
    }
    issues = _issues(files, VOCABULARY)
    return {name: (files[name], issues[name]) for name in files}


def only(checked, name: str, check: str) -> tuple[Path, Issue]:
    path, issues = checked[name]
    (issue,) = [i for i in issues if i.check == check]
    return path, issue


# --- every issue, each at its line ------------------------------------------------------


def test_a_schema_error_does_not_hide_a_wrong_lead_column(tmp_path: Path) -> None:
    path = write(tmp_path, "multi_region_suspect", rule_text(replace=[
        ("severity: medium", "severity: urgnet"), ("persons: [person]", "persons: [persn]"),
    ]))  # fmt: skip
    issues = check_rules(VOCABULARY, [path], lint=False)
    assert [(i.check, i.line) for i in issues] == [
        ("schema", line(path, "severity:")),
        ("lead", line(path, "persons: [persn]")),
    ]
    assert issues[1].text("en") == (
        "lead.persons uses column 'persn', which the rule does not return (not in returns)"
    )


def test_each_wrong_lead_column_is_reported_at_its_own_line(tmp_path: Path) -> None:
    path = write(tmp_path, "multi_region_suspect", rule_text(replace=[
        ("names: [name]", "names: [full_name]"), ("{name}在{regions}", "{nmae}在{regions}"),
    ]))  # fmt: skip
    issues = check_rules(VOCABULARY, [path], lint=False)
    assert [(i.check, i.line) for i in issues] == [
        ("lead", line(path, "names: [full_name]")),
        ("lead", line(path, 'zh: "{nmae}')),
    ]
    assert "'full_name'" in issues[0].text("en") and "'nmae'" in issues[1].text("en")


# --- did you mean -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "needle", "message"),
    [
        (
            "label",
            "LowIncomPeriod",
            "label LowIncomPeriod is not in the graph; did you mean LowIncomePeriod (低保/特困期间)",
        ),
        (
            "type",
            "RECIEVES",
            "relationship type RECIEVES is not in the graph; did you mean RECEIVES?",
        ),
        ("type_as_label", "(s:RECEIVES)", "RECEIVES is a relationship type, not a label"),
        (
            "property",
            "c.regioncode",
            "Case has no property regioncode; did you mean region_code (区划代码)",
        ),
        (
            "column_name",
            "c.立案日期",
            "Case has no property 立案日期; did you mean filed_date (立案日期)?",
        ),
    ],
)
def test_unknown_names_get_a_suggestion_from_the_vocabulary(checked, case, needle, message):
    path, issue = only(checked, case, "names")
    assert issue.line == line(path, needle)
    assert issue.text("en").startswith(message)
    assert "是否应为" in issue.text("zh") or "不是标签" in issue.text("zh")


def test_the_suggestions_know_the_added_mappings(tmp_path: Path) -> None:
    source = REPO / "docs/examples/mapped_rules/dishonest_legal_representative.yaml"
    typo = source.read_text(encoding="utf-8").replace(
        ":LEGAL_REPRESENTATIVE_OF]", ":LEGAL_REPRESENTATIVE]"
    )
    path = tmp_path / source.name
    path.write_text(typo, encoding="utf-8")
    (issue,) = check_rules(MAPPED, [path])
    assert (issue.check, issue.line) == ("names", line(path, ":LEGAL_REPRESENTATIVE]"))
    assert issue.text("en").endswith("did you mean LEGAL_REPRESENTATIVE_OF?")
    # And a query typed in the shell or the workbench is checked the same way.
    query = "MATCH (p:Person)-[:LEGAL_REPRESENTATIVE_OF]->(o:Organization) RETURN o.nmae AS n"
    (found,) = check_query(query, MAPPED).warnings
    assert found.message["en"].startswith("Organization has no property nmae; did you mean name")


# --- values an enum column never holds --------------------------------------------------


@pytest.mark.parametrize(
    ("case", "needle", "severity", "start"),
    [
        (
            "penalty",
            "'罚金'",
            "error",
            "r.penalty = '罚金' can never be true: 主刑 holds only 有期徒刑, 拘役, 管制, 无",
        ),
        (
            "role_in_list",
            "'被告']",
            "error",
            "r.role = '被告' can never be true: 角色 holds only 犯罪嫌疑人, 被告人, 被害人",
        ),
        ("role_in_map", "'证人'", "error", "r.role = '证人' can never be true"),
        ("never_unequal", "'罚金'", "warning", "r.penalty <> '罚金' is always true"),
        ("prefix", "'罚'", "error", "r.penalty STARTS WITH '罚' can never be true"),
        (
            "constant",
            "'crimnal'",
            "error",
            "c.kind = 'crimnal' can never be true: kind holds only criminal, enforcement",
        ),
    ],
)
def test_values_the_column_never_holds(checked, case, needle, severity, start):
    path, issue = only(checked, case, "values")
    assert (issue.line, issue.severity) == (line(path, needle), severity)
    assert issue.text("en").startswith(start)


def test_values_the_columns_hold_and_day_numbers_pass(checked):
    assert checked["fine_values"][1] == [] and checked["fine_dates"][1] == []


# --- warnings: LIMIT in a rule, dates compared with date(…) -----------------------------


def test_limit_in_a_rule_is_a_warning(checked):
    path, issue = only(checked, "limit", "limit")
    assert (issue.line, issue.severity) == (line(path, "LIMIT 10"), "warning")
    assert issue.text("en").startswith("LIMIT in a rule drops leads silently")
    # A query tried in the shell may have one.
    assert check_query("MATCH (c:Case) RETURN c.case_no AS c LIMIT 3", VOCABULARY).findings == ()


@pytest.mark.parametrize(("case", "start"), [
    ("date_text", "c.filed_date is a date written as text: compared with date(…) it gives null"),
    ("date_day", "c.filed_date_day is a day number: compared with date(…) it gives null"),
])  # fmt: skip
def test_a_date_property_compared_with_date_is_a_warning(checked, case, start):
    path, issue = only(checked, case, "dates")
    assert (issue.line, issue.severity) == (line(path, "date('2025-06-30')"), "warning")
    assert issue.text("en").startswith(start)


# --- portability hints agree with the guide ---------------------------------------------


def test_the_portability_hints_recommend_what_the_guide_recommends():
    guide = " ".join((REPO / "docs" / "rules.md").read_text(encoding="utf-8").split())
    # The guide: count with OPTIONAL MATCH … instead of EXISTS {…} or a pattern inside WHERE.
    assert re.search(
        r"`OPTIONAL MATCH … count\(.*?\)` instead of `EXISTS \{…\}` or a pattern inside `WHERE`",
        guide,
    )
    for key in ("portable.exists_subquery", "portable.count_subquery", "portable.exists_value"):
        hint = text(key, "en")
        assert "OPTIONAL MATCH" in hint and "count(" in hint, key
        assert "pattern predicate" not in hint and "in WHERE" not in hint, key
        assert "OPTIONAL MATCH" in text(key, "zh"), key


# --- declared tables --------------------------------------------------------------------


def test_declared_tables_exist_and_cover_the_query(tmp_path: Path) -> None:
    path = write(tmp_path, "correction_intake_missing", rule_text(DATED, replace=[
        ("tables: [case_parties, criminal_cases, community_corrections]",
         "tables: [case_parties, criminal_cases, comunity_corrections]"),
    ]))  # fmt: skip
    issues = check_rules(VOCABULARY, [path])
    assert [(i.check, i.line, i.severity) for i in issues[:2]] == [
        ("tables", line(path, "tables:"), "error"),
        ("tables", line(path, "UNDER_CORRECTION"), "warning"),
    ]
    assert issues[0].text("en") == (
        "tables lists comunity_corrections, which no mapping defines; "
        "did you mean community_corrections?"
    )
    assert (
        issues[1]
        .text("en")
        .startswith("the query uses UNDER_CORRECTION, which comes only from community_corrections")
    )
    # k.judgment_case_no, k.start_date_day: every line that needs the table says so.
    assert all(
        i.severity == "warning" and "community_corrections" in i.text("en") for i in issues[1:]
    )


def test_plain_is_still_the_rule_the_cases_copy():
    assert "tables: [case_parties, criminal_cases]" in PLAIN.read_text(encoding="utf-8")
