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
