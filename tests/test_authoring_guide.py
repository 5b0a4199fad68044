"""docs/rules.md, followed as a new author would: create, write, check, test, run."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from xiansuo.cli import app

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "rules.md"
EXAMPLE = REPO / "docs" / "examples" / "rules"
RULE_ID = "dishonest_on_low_income"
runner = CliRunner(env={"XIANSUO_LANG": "en"})  # the tests read English messages


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_guide_shows_the_example_files_as_they_are():
    blocks = re.findall(r"<!-- file: (\S+) -->\n```yaml\n(.*?)```", GUIDE.read_text("utf-8"), re.S)
    assert [name for name, _ in blocks] == [
        f"docs/examples/rules/{RULE_ID}.yaml",
        f"docs/examples/rules/{RULE_ID}.test.yaml",
    ]
    for name, text in blocks:
        assert text == (REPO / name).read_text(encoding="utf-8")


def test_the_template_works_before_it_is_edited(tmp_path):
    _invoke("rules", "new", "my_first_rule", "--dir", str(tmp_path))
    _invoke("rules", "check", str(tmp_path), "--fail-on-issues")
    assert "3 passed, 0 failed" in _invoke("rules", "test", str(tmp_path))


def test_following_the_guide_end_to_end(sample_dir, tmp_path):
    rules = tmp_path / "rules"
    output = _invoke("rules", "new", RULE_ID, "--dir", str(rules))
    assert f"{RULE_ID}.yaml" in output and f"{RULE_ID}.test.yaml" in output
    for suffix in (".yaml", ".test.yaml"):  # the author writes the files shown in the guide
        shutil.copy(EXAMPLE / f"{RULE_ID}{suffix}", rules / f"{RULE_ID}{suffix}")

    assert "0 issue(s)" in _invoke("rules", "check", str(rules), "--fail-on-issues")
    assert "5 passed, 0 failed" in _invoke("rules", "test", str(rules))
    out = tmp_path / "out"
    _invoke("run", "--data", str(sample_dir), "--out", str(out), "--as-of", "2025-06-30",
            "--rules", str(rules))  # fmt: skip
    summary = json.loads((out / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["rules"][RULE_ID]["error"] is None
    assert len(summary["rules"]) == 10  # the built-in nine and the example


def test_a_rule_over_an_added_table_needs_its_mapping_everywhere():
    rules = str(REPO / "docs" / "examples" / "mapped_rules")
    mappings = ["--mappings", str(REPO / "docs" / "examples" / "mappings")]

    assert "0 issue(s)" in _invoke("rules", "check", rules, *mappings, "--fail-on-issues")
    assert "3 passed, 0 failed" in _invoke("rules", "test", rules, *mappings)

    unchecked = runner.invoke(app, ["rules", "check", rules, "--fail-on-issues"])
    assert unchecked.exit_code == 1 and "LEGAL_REPRESENTATIVE_OF" in unchecked.output
    untested = runner.invoke(app, ["rules", "test", rules])
    assert untested.exit_code == 1 and "company_officers" in untested.output
