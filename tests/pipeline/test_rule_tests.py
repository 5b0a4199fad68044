"""`xiansuo rules test` runs every rule and says what differs in the test's own terms."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.pipeline.rule_tests import symbol_id

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "examples" / "rules"
RULE = "dishonest_on_low_income"
runner = CliRunner(env={"XIANSUO_LANG": "en"})


def _rules(folder: Path, test_text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".yaml", ".test.yaml"):
        shutil.copy(EXAMPLE / f"{RULE}{suffix}", folder / f"{RULE}{suffix}")
    if test_text is not None:
        (folder / f"{RULE}.test.yaml").write_text(test_text, encoding="utf-8")
    return folder


def _test_text(*replace: tuple[str, str]) -> str:
    text = (EXAMPLE / f"{RULE}.test.yaml").read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_a_failure_names_the_symbols_and_what_differs(tmp_path: Path) -> None:
    # The first case expects the wrong case number; the last expects a lead of someone else.
    text = _test_text(
        ('      - {persons: ["@甲"], cases: ["(2022)川1802执1号"]}',
         '      - {persons: ["@甲"], cases: ["(2022)川1802执9号"]}'),
        ("        - {执行案号: \"(2022)川1802执1号\", 被执行人证件号: \"@甲\", 纳入日期: 2022-06-01, 屏蔽日期: 2023-06-01, 状态: 已屏蔽}\n    expect: []",
         "        - {执行案号: \"(2022)川1802执1号\", 被执行人证件号: \"@甲\", 纳入日期: 2022-06-01, 屏蔽日期: 2023-06-01, 状态: 已屏蔽}\n    expect:\n      - {persons: [\"@乙\"], cases: [\"(2022)川1802执1号\"]}"),
    )  # fmt: skip
    result = runner.invoke(app, ["rules", "test", str(_rules(tmp_path, text))])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert (
        "lead of @甲: cases differ: expected (2022)川1802执9号, found (2022)川1802执1号" in output
    )
    assert "missing lead: persons @乙; cases (2022)川1802执1号" in output
    assert "3 passed, 2 failed" in output
    # Never the ID numbers the symbols stand for, nor Python's tuples.
    assert symbol_id("@甲") not in result.output and "(('" not in result.output


def test_an_unexpected_lead_shows_what_the_rule_returned(tmp_path: Path) -> None:
    text = _test_text(('      - {persons: ["@甲"], cases: ["(2022)川1802执1号"]}\n  - name: listed on the last',
                       "      []\n  - name: listed on the last"))  # fmt: skip
    text = text.replace("    expect:\n      []", "    expect: []", 1)
    result = runner.invoke(app, ["rules", "test", str(_rules(tmp_path, text))])
    output = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "unexpected lead: persons @甲; cases (2022)川1802执1号; returned person=@甲" in output
    assert "category=农村低保" in output


def test_every_rule_runs_and_a_broken_one_fails_alone(tmp_path: Path) -> None:
    rules = _rules(tmp_path / "rules")
    (rules / "broken_rule.yaml").write_text("id: broken_rule\nseverity: [\n", encoding="utf-8")
    other = _rules(tmp_path / "other")
    (other / f"{RULE}.test.yaml").write_text(
        "rule: dishonest_on_low_income\ncases: nope\n", "utf-8"
    )
    result = runner.invoke(app, ["rules", "test", str(rules), str(other / f"{RULE}.yaml")])
    output = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "FAIL broken_rule: (rule)" in output and "the rule file does not load" in output
    assert (
        "FAIL dishonest_on_low_income: (tests)" in output
        and "the test file does not load" in output
    )
    assert "ok dishonest_on_low_income: listed on the first day of support" in output
    assert "5 passed, 2 failed" in output
