"""The command line: load writes its report and rejects; bad input exits with a message."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from xiansuo.cli import app

runner = CliRunner(env={"XIANSUO_LANG": "en"})  # the tests read English messages


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
    contract = [lead for lead in leads if lead["rule"] in truth["rules"]]
    assert len(contract) == sum(len(v) for v in truth["rules"].values())
    priority = json.loads((out / "priority.json").read_text("utf-8"))
    assert set(priority) == {lead["lead_id"] for lead in leads}
    assert {"rule", "lead_id", "persons", "cases", "severity", "summary"} <= set(leads[0])
    assert "leads per rule" in result.output
    assert f"{out / 'report.html'}" in result.output and ".xiansuo" not in result.output


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


def test_person_explains_records_and_a_judgement_changes_the_next_run(tmp_path):
    from graph_loader.tables import synthetic_id, write_table

    person = synthetic_id(born="19800101", seq=123)
    typo = person[:15] + str((int(person[15]) + 1) % 10) + person[16:]
    case = "(2023)川1802刑初1号"
    data, out = tmp_path / "data", tmp_path / "out"
    write_table(data, "criminal_cases", [[case, "盗窃罪", "", "511802", "2023-01-01", "", ""]])
    row = [case, "被告人", "张三", person, "男", "", "有期徒刑", "12", "否", "", "否", ""]
    write_table(data, "case_parties", [row, [*row[:1], "被害人", "张三", typo, *row[4:]]])
    run_args = ["run", "--data", str(data), "--out", str(out), "--as-of", "2025-06-30"]
    assert runner.invoke(app, run_args).exit_code == 0

    shown = runner.invoke(app, ["person", person, "--out", str(out), "--no-mask", "--lang", "zh"])
    assert shown.exit_code == 0, shown.output
    assert "证件号一致" in shown.output and "证件号笔误" in shown.output and typo in shown.output
    masked = runner.invoke(app, ["person", person, "--out", str(out)]).output
    assert person not in masked and typo not in masked

    judged = runner.invoke(app, ["judge", "--person", person, "--name", "张三", "--claimed-id",
                                 typo, "--not-same", "--who", "检察官甲", "--why", "核对原件",
                                 "--out", str(out)])  # fmt: skip
    assert judged.exit_code == 0, judged.output
    assert runner.invoke(app, run_args).exit_code == 0
    after = runner.invoke(app, ["person", person, "--out", str(out), "--no-mask"]).output
    assert "证件号笔误" not in after and "unresolved records with the same name (1)" in after


def test_readers_refuse_a_folder_without_a_run_and_create_nothing(sample_dir, tmp_path):
    done, wrong = tmp_path / "done", tmp_path / "typo"
    assert runner.invoke(app, ["load", str(sample_dir), "--out", str(done)]).exit_code == 0
    person = "11010519491231002X"
    for args in (["person", person], ["path", person, "110105194912310021"],
                 ["neighborhood", person], ["analyze"], ["report"]):  # fmt: skip
        result = runner.invoke(app, [*args, "--out", str(wrong)])
        assert result.exit_code == 2, (args, result.output)
        assert "no finished run in" in result.output, args
    assert not wrong.exists()  # no empty graph was created there
    report = runner.invoke(app, ["report", "--out", str(wrong)])
    assert "run folders here" not in report.output  # done has a load, not a finished run


def test_a_missing_run_names_the_runs_nearby(sample_dir, tmp_path):
    out = tmp_path / "results"
    assert runner.invoke(app, ["run", "--data", str(sample_dir), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["report", "--out", str(tmp_path / "reslts")])
    assert result.exit_code == 2 and f"run folders here: {out}" in result.output


def test_list_refuses_a_status_that_set_refuses(sample_dir, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", "--data", str(sample_dir), "--out", str(out)]).exit_code == 0
    listed = runner.invoke(app, ["leads", "list", "--status", "处理中", "--out", str(out)])
    assert listed.exit_code == 2 and "status must be one of" in listed.output


def test_a_path_from_a_person_to_themselves_is_refused(tmp_path):
    person = "11010519491231002X"
    result = runner.invoke(app, ["path", person, f" {person.lower()} ", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "same person" in result.output
    assert not (tmp_path / "pages").exists()


def test_messages_are_chinese_unless_english_is_asked_for(tmp_path):
    chinese = CliRunner().invoke(app, ["report", "--out", str(tmp_path)])
    assert chinese.exit_code == 2 and "没有已完成的运行" in chinese.output
    english = CliRunner().invoke(app, ["report", "--out", str(tmp_path), "--lang", "en"])
    assert "no finished run" in english.output


def _commands(group, prefix=()):
    """Every command of the CLI as (name path, command)."""
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_every_command_option_and_argument_is_explained():
    import typer.main

    root = typer.main.get_command(app)
    for path, command in _commands(root):
        assert command.help and "\n" not in command.help.strip(), path
        for param in command.params:
            assert getattr(param, "help", None), (path, param.name)
        shown = runner.invoke(app, [*path, "--help"], terminal_width=100).output
        assert " ." not in shown, (path, shown)  # a help text lost its "[default: …]"
        usage = next(line for line in shown.splitlines() if "Usage:" in line)
        for metavar in re.findall(r"[{\[]([^}\]]*)[}\]]", usage.split("[OPTIONS]")[-1]):
            assert metavar.removesuffix("...").isupper(), (path, usage)  # ID_A, not {a}


def test_version():
    import xiansuo

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"xiansuo {xiansuo.__version__}"
