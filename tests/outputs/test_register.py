"""The lead register: new / seen / gone per run; status, assignee and note survive later runs."""

from __future__ import annotations

import pytest

from xiansuo.model.lead import Lead
from xiansuo.outputs.register import NEW, Register, RegisterError


def lead(lead_id: str) -> Lead:
    return Lead("r", lead_id, ("@甲",), ("案1",), "high", "规则", f"摘要{lead_id}", "summary")


def editing(path):
    return Register.editing(path, path.with_name("register.lock"))


def record(path, leads, as_of):
    with editing(path) as register:
        return register.record_run(leads, as_of)


def test_runs_sort_leads_into_new_seen_and_gone(tmp_path):
    path = tmp_path / "lead_register.csv"
    first = record(path, [lead("a"), lead("b")], "2025-01-31")
    assert first.new == {"a", "b"} and not first.seen and not first.gone

    second = record(path, [lead("b"), lead("c")], "2025-02-28")

    assert (second.new, second.seen, second.gone) == ({"c"}, {"b"}, {"a"})
    entries = Register(path).entries
    assert (entries["b"].first_seen, entries["b"].last_seen) == ("2025-01-31", "2025-02-28")
    assert entries["a"].last_seen == "2025-01-31" and entries["c"].status == NEW


def test_rendering_the_same_run_again_tells_the_same_story(tmp_path):
    path = tmp_path / "lead_register.csv"
    record(path, [lead("a")], "2025-01-31")
    again = record(path, [lead("a")], "2025-01-31")
    assert again.new == {"a"} and again.of("a") == "new"


def test_status_assignee_and_note_survive_later_runs(tmp_path):
    path = tmp_path / "lead_register.csv"
    record(path, [lead("a")], "2025-01-31")
    with editing(path) as register:
        register.update("a", status="核查中", assignee="检察官甲", note='已调取卷宗, "第2册"')

    record(path, [lead("a")], "2025-02-28")

    entry = Register(path).entries["a"]
    assert (entry.status, entry.assignee, entry.note) == (
        "核查中",
        "检察官甲",
        '已调取卷宗, "第2册"',
    )
    with editing(path) as register:
        assert register.update("a", note="补充").assignee == "检察官甲"


def test_unknown_leads_and_statuses_are_refused(tmp_path):
    register = Register(tmp_path / "lead_register.csv")
    register.record_run([lead("a")], "2025-01-31")
    register.save()
    with pytest.raises(RegisterError, match="no lead zz"):
        register.update("zz", status="核查中")
    with pytest.raises(RegisterError, match="核查状态应为"):
        register.update("a", status="done")
    assert Register(register.path).entries["a"].status == NEW


def test_a_file_that_is_not_a_register_is_refused(tmp_path):
    path = tmp_path / "lead_register.csv"
    path.write_text("who,what\n甲,乙\n", encoding="utf-8")
    with pytest.raises(RegisterError, match="not a lead register"):
        Register(path)
    path.write_bytes("lead_id,rule\n甲,乙\n".encode("gbk"))  # saved back by a GBK spreadsheet
    with pytest.raises(RegisterError, match="not a lead register"):
        Register(path)


def test_nothing_is_written_until_it_is_saved(tmp_path):
    path = tmp_path / "lead_register.csv"
    Register(path).record_run([lead("a")], "2025-01-31")
    assert not path.exists()  # a run's outputs compute statuses; the register changes at commit
