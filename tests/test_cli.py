"""The command line: load writes its report and rejects; bad input exits with a message."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from xiansuo.cli import app

runner = CliRunner()


def test_load_writes_report_rejects_and_graph(sample_dir, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["load", str(sample_dir), "--out", str(out)])

    assert result.exit_code == 0, result.output
    report = json.loads((out / "load_report.json").read_text(encoding="utf-8"))
    totals = {name: t["read"] for name, t in report["tables"].items()}
    assert sum(totals.values()) == sum(t["loaded"] for t in report["tables"].values())
    assert report["graph"]["nodes"]["Person"] > 0
    assert (out / "rejects.csv").is_file()
    assert (out / "graph" / "xiansuo.db").is_file()
    assert "load_report.json" in result.output


def test_load_of_a_missing_folder_fails_with_a_message(tmp_path):
    result = runner.invoke(app, ["load", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "数据目录不存在" in result.output


def test_run_writes_leads_and_summary(sample_dir, truth, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", "--data", str(sample_dir), "--out", str(out), "--as-of", truth["as_of"]]
    )
    assert result.exit_code == 0, result.output
    leads = [json.loads(line) for line in (out / "leads.jsonl").read_text("utf-8").splitlines()]
    assert len(leads) == sum(len(v) for v in truth["rules"].values())
    assert {"rule", "lead_id", "persons", "cases", "severity", "summary"} <= set(leads[0])
    assert "leads per rule" in result.output


def test_run_refuses_a_bad_date(sample_dir, tmp_path):
    result = runner.invoke(app, ["run", "--data", str(sample_dir), "--as-of", "2025-02-30"])
    assert result.exit_code == 2


def test_rules_list_and_show(truth):
    listing = runner.invoke(app, ["rules", "list"])
    assert listing.exit_code == 0
    assert all(rule_id in listing.output for rule_id in truth["rules"])
    shown = runner.invoke(app, ["rules", "show", "dishonest_not_removed"])
    assert shown.exit_code == 0 and "$as_of_day - 3" in shown.output
    assert runner.invoke(app, ["rules", "show", "no_such_rule"]).exit_code == 2
