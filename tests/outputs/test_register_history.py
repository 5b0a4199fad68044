"""The lead history: every change of status, assignee or note, by whom, when and through what,
kept beside the register; ``leads set`` writes it, ``leads history`` shows it."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.model.lead import Lead, read_leads, short_ids
from xiansuo.model.run_folder import RunFolder
from xiansuo.outputs.history import Editor, read_history
from xiansuo.outputs.register import Register, RegisterError

runner = CliRunner(env={"XIANSUO_LANG": "en"})


def lead(lead_id: str) -> Lead:
    return Lead("r", lead_id, ("@甲",), ("案1",), "high", "规则", "摘要", "summary")


def register_with(tmp_path, *ids: str) -> RunFolder:
    run = RunFolder(tmp_path)
    with Register.editing(run.register, run.register_lock) as register:
        register.record_run([lead(i) for i in ids], "2025-01-31")
    return run


def edit(run: RunFolder, user: str, **values):
    editor = Editor(user, "explore")
    with Register.editing(run.register, run.register_lock, history=run.register_history,
                          editor=editor) as register:  # fmt: skip
        return register.update("a" * 16, **values)


def test_each_changed_field_is_one_change_with_old_new_who_and_the_note(tmp_path):
    run = register_with(tmp_path, "a" * 16)
    edit(run, "检察官甲", status="核查中", note="已调卷")
    edit(run, "检察官乙", status="核查中", assignee="检察官乙")  # status unchanged: not recorded

    changes = read_history(run.register_history, "a" * 16)

    assert [(c.user, c.source, c.field, c.old, c.new, c.note) for c in changes] == [
        ("检察官甲", "explore", "status", "新线索", "核查中", "已调卷"),
        ("检察官甲", "explore", "note", "", "已调卷", "已调卷"),
        ("检察官乙", "explore", "assignee", "", "检察官乙", "已调卷"),
    ]
    assert changes[0].time[:4] >= "2025" and changes[0].time == changes[1].time
    assert Register(run.register).entries["a" * 16].status == "核查中"


def test_a_run_recording_its_leads_writes_no_history(tmp_path):
    run = register_with(tmp_path, "a" * 16)
    with Register.editing(run.register, run.register_lock, history=run.register_history) as r:
        r.record_run([lead("a" * 16), lead("b" * 16)], "2025-02-28")
    assert read_history(run.register_history) == []


def test_a_register_that_cannot_be_saved_takes_its_changes_out_of_the_history(
    tmp_path, monkeypatch
):
    run = register_with(tmp_path, "a" * 16)
    edit(run, "甲", status="核查中")
    before = run.register_history.read_bytes()

    def full_disk(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Register, "save", full_disk)
    with pytest.raises(OSError):
        edit(run, "乙", status="已确认")

    assert run.register_history.read_bytes() == before
    assert Register(run.register).entries["a" * 16].status == "核查中"


def test_a_line_cut_off_by_a_crash_is_skipped(tmp_path):
    run = register_with(tmp_path, "a" * 16)
    edit(run, "甲", status="核查中")
    with run.register_history.open("a", encoding="utf-8") as handle:
        handle.write('{"time": "2025-')  # the machine stopped mid-write
    assert [c.new for c in read_history(run.register_history)] == ["核查中"]


def test_a_lead_is_found_by_the_start_of_its_id(tmp_path):
    run = register_with(tmp_path, "3f2a9c0d1e4b5a67", "3f2a9c0d9e4b5a67", "0123456789abcdef")
    register = Register(run.register)
    assert register.find("01234567") == "0123456789abcdef"
    assert register.find("3f2a9c0d9") == "3f2a9c0d9e4b5a67"
    with pytest.raises(RegisterError, match="2 leads"):
        register.find("3f2a9c0d", "en")
    with pytest.raises(RegisterError, match="no lead"):
        register.find("ffff", "en")
    shorts = short_ids(register.entries)
    assert all(register.find(short) == full for full, short in shorts.items())


def test_leads_set_records_who_and_leads_history_shows_it(small_run, tmp_path):
    out = shutil.copytree(small_run, tmp_path / "out")
    (found,) = read_leads(out / "leads.jsonl")
    short = found.lead_id[:8]
    args = ["leads", "set", short, "--status", "核查中", "--note", "调取卷宗 511802198001011232",
            "--user", "检察官甲", "--out", str(out)]  # fmt: skip
    assert runner.invoke(app, args).exit_code == 0
    args = ["leads", "set", short, "--assignee", "检察官乙", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0

    shown = runner.invoke(app, ["leads", "history", short, "--out", str(out)])

    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert "检察官甲 (cli)" in lines[0] and "Status: new lead → under review" in lines[0]
    assert "5118**********1232" in shown.output and "511802198001011232" not in shown.output
    assert "Assignee: - → 检察官乙" in lines[2]
    assert f"3 changes to lead {found.lead_id}" in lines[-1]
    listed = runner.invoke(app, ["leads", "list", "--out", str(out)])
    assert "under review" in listed.output and "检察官乙" in listed.output
