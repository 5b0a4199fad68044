"""Data elements: the tables a rule needs, a run that lacks one, and empty templates of them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.graph_loader import load_tables
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.lint import read_queries
from xiansuo.queries.rule import BUILTIN_RULES, Rule, load_rule, rule_files
from xiansuo.queries.tables import missing_message, missing_tables, rule_needs, template_tables

VOCABULARY = Vocabulary.load()
runner = CliRunner(env={"XIANSUO_LANG": "en"})


def undeclared(rule_id: str, tmp_path: Path) -> Rule:
    """A built-in rule without its ``tables:``, so that they are read off its query."""
    lines = (BUILTIN_RULES / f"{rule_id}.yaml").read_text(encoding="utf-8").splitlines(True)
    path = tmp_path / f"{rule_id}.yaml"
    path.write_text("".join(line for line in lines if not line.startswith("tables:")), "utf-8")
    rule = load_rule(path)
    assert rule.tables == ()
    return rule


def derived(rule: Rule) -> list[frozenset[str]] | None:
    return rule_needs(rule, VOCABULARY, read_queries([rule.query]).facts(rule.query))


def test_the_tables_a_query_needs_are_read_off_its_labels_types_and_values(tmp_path):
    # Terminated cases (a closing method only enforcement cases have), their completions
    # and disclosures: exactly the three tables, as the contract says.
    needs = derived(undeclared("terminated_not_disclosed", tmp_path))
    assert template_tables(needs) == [
        "enforcement_cases", "enforcement_completions", "terminated_disclosures",
    ]  # fmt: skip
    needs = derived(undeclared("judicial_aid_candidate", tmp_path))
    assert frozenset(["low_income"]) in needs and frozenset(["case_parties"]) in needs
    assert missing_tables(needs, {"case_parties", "criminal_cases"}) == [frozenset(["low_income"])]


def test_declared_tables_are_the_needs_and_unknown_without_the_parser(tmp_path):
    rule = load_rule(BUILTIN_RULES / "judicial_aid_candidate.yaml")
    assert rule_needs(rule, VOCABULARY, None) == [
        frozenset(["case_parties"]), frozenset(["criminal_cases"]), frozenset(["low_income"]),
    ]  # fmt: skip
    assert rule_needs(undeclared("judicial_aid_candidate", tmp_path), VOCABULARY, None) is None
    message = missing_message([frozenset(["low_income"])], VOCABULARY)
    assert message["zh"] == "未加载 low_income（低保特困人员）：本模型未运行"
    assert message["en"] == "low_income (Low-income support) not loaded: this model did not run"


def test_a_run_without_a_table_says_so_for_the_rules_that_need_it(sample_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data, ignore=shutil.ignore_patterns("low_income.csv", "*.json"))
    out = tmp_path / "out"
    result = CliRunner(env={"XIANSUO_LANG": "zh"}).invoke(
        app, ["run", "--data", str(data), "--out", str(out), "--as-of", "2025-06-30"]
    )
    assert result.exit_code == 0, result.output  # not asked is not failed
    summary = json.loads((out / "run_summary.json").read_text(encoding="utf-8"))
    aid = summary["rules"]["judicial_aid_candidate"]
    assert aid["missing_tables"] == [["low_income"]] and aid["leads"] == 0
    assert aid["error"]["zh"] == "未加载 low_income（低保特困人员）：本模型未运行"
    others = {k: v for k, v in summary["rules"].items() if k != "judicial_aid_candidate"}
    assert all(v["error"] is None for v in others.values())
    assert sum(v["leads"] for v in others.values()) > 0
    (row,) = [line for line in result.output.splitlines() if "judicial_aid_candidate" in line]
    assert "未加载" in row  # the note, in the rule's row of the table (wrapped below)
    assert "未加载 low_income（低保特困人员）：本模型未运行" in (out / "report.html").read_text(
        "utf-8"
    )


def test_templates_have_the_headers_and_load_once_filled_in(tmp_path, engine):
    folder = tmp_path / "templates"
    result = runner.invoke(
        app, ["rules", "template", "judicial_aid_candidate", "--out", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "case_parties.xlsx", "criminal_cases.xlsx", "low_income.xlsx",
    ]  # fmt: skip
    book = openpyxl.load_workbook(folder / "low_income.xlsx")
    sheet = book.active
    columns = [spec.column for spec in VOCABULARY.mappings["low_income"].fields.values()]
    assert [cell.value for cell in sheet[1]] == columns
    assert sheet["B1"].comment.text == "身份证号（18位，按文本填写）；必填"
    assert [v.formula1 for v in sheet.data_validations.dataValidation] == [
        '"城市低保,农村低保,特困供养"'
    ]
    # A clerk fills in a row; the folder loads as it is.
    sheet.append(["张三", "510104198001011232", "510104", "农村低保", "2024-01-01", ""])
    book.save(folder / "low_income.xlsx")
    (folder / "case_parties.xlsx").unlink(), (folder / "criminal_cases.xlsx").unlink()
    report = load_tables(folder, engine, VOCABULARY, RunFolder(tmp_path / "out"))
    table = report.tables["low_income"]
    assert (table.read, table.loaded, table.rejected) == (1, 1, 0)


def test_a_template_never_replaces_a_file_and_csv_has_the_headers(tmp_path):
    folder = tmp_path / "t"
    args = [
        "rules",
        "template",
        "terminated_not_disclosed",
        "--out",
        str(folder),
        "--format",
        "csv",
    ]
    assert runner.invoke(app, args).exit_code == 0
    header = (folder / "enforcement_completions.csv").read_text(encoding="utf-8-sig").strip()
    assert header == "执行案号,原执行案号,被执行人证件号,履行完毕日期"
    (folder / "enforcement_completions.csv").write_text("filled in\n", encoding="utf-8")
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "not replaced" in again.output
    assert (folder / "enforcement_completions.csv").read_text(encoding="utf-8") == "filled in\n"


@pytest.mark.parametrize("rule", rule_files(), ids=lambda p: p.stem)
def test_every_builtin_rule_lists_its_tables(rule):
    assert load_rule(rule).tables, rule.name
