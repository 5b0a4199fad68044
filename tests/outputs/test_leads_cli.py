"""``xiansuo run`` writes pages, report, workbook and register; ``xiansuo leads`` edits it."""

from __future__ import annotations

import re

from conftest import run, write_tables
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.model.lead import read_leads
from xiansuo.outputs.pages import PAGES
from xiansuo.outputs.register import Register

runner = CliRunner(env={"XIANSUO_LANG": "en"})  # the tests read English messages


def test_run_writes_every_output(small_run):
    (lead,) = read_leads(small_run / "leads.jsonl")
    for name in ("report.html", "leads.xlsx", "lead_register.csv"):
        assert (small_run / name).is_file(), name
    page = small_run / "leads" / f"{lead.lead_id}.html"
    assert (small_run / "leads" / "assets" / "vis-network.min.js").is_file()
    for html in (page, small_run / "report.html"):
        assert "http" not in html.read_text(encoding="utf-8"), html


def test_every_lead_with_a_page_links_to_it_in_the_report(_sample_run):
    html = (_sample_run / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="page" href="([^"]+)"', html)
    # A run writes the pages of its first PAGES leads by priority (the explorer opens others).
    assert len(links) == min(PAGES, len(read_leads(_sample_run / "leads.jsonl")))
    assert all((_sample_run / link).is_file() for link in links)


def test_set_list_and_a_later_run_keeps_the_status(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    write_tables(data)
    run(data, out)
    (lead,) = read_leads(out / "leads.jsonl")

    set_args = ["leads", "set", lead.lead_id, "--status", "已确认", "--assignee", "检察官乙",
                "--note", "与户籍核对一致", "--out", str(out)]  # fmt: skip
    assert runner.invoke(app, set_args).exit_code == 0
    run(data, out, "--as-of", "2025-07-31")

    listed = runner.invoke(app, ["leads", "list", "--out", str(out), "--status", "已确认"])
    assert listed.exit_code == 0 and lead.lead_id in listed.output and "检察官乙" in listed.output
    entry = Register(out / "lead_register.csv").entries[lead.lead_id]
    assert (entry.status, entry.note, entry.last_seen) == ("已确认", "与户籍核对一致", "2025-07-31")
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "此前已出现" in report and "已确认" in report


def test_set_refuses_an_unknown_status_or_lead(small_run):
    (lead,) = read_leads(small_run / "leads.jsonl")
    bad = runner.invoke(
        app, ["leads", "set", lead.lead_id, "--status", "完成", "--out", str(small_run)]
    )
    assert bad.exit_code == 2 and "status must be one of" in bad.output
    unknown = runner.invoke(app, ["leads", "set", "0" * 16, "--note", "x", "--out", str(small_run)])
    assert unknown.exit_code == 2 and "no lead" in unknown.output


def test_gone_leads_are_listed_in_the_report(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    write_tables(data)
    run(data, out)
    (lead,) = read_leads(out / "leads.jsonl")
    (data / "case_parties.csv").write_text(
        (data / "case_parties.csv").read_text("utf-8").splitlines()[0] + "\n", "utf-8"
    )
    run(data, out, "--as-of", "2025-07-31")

    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="gone"' in report and lead.lead_id in report and "本次未再出现 1 条" in report


def test_report_needs_a_finished_run(tmp_path):
    result = runner.invoke(app, ["report", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "no finished run" in result.output
    assert runner.invoke(app, ["leads", "list", "--out", str(tmp_path)]).exit_code == 2


def test_the_report_shows_each_leads_short_id_and_how_to_open_any_lead(_sample_run):
    html = (_sample_run / "report.html").read_text(encoding="utf-8")
    shown = dict(
        re.findall(r'<code class="lead-id" title="([0-9a-f]{16})">([0-9a-f]+)</code>', html)
    )
    leads = read_leads(_sample_run / "leads.jsonl")
    assert set(shown) == {lead.lead_id for lead in leads}
    assert all(full.startswith(short) and len(short) >= 8 for full, short in shown.items())
    assert len(set(shown.values())) == len(shown)  # each names one lead
    assert "xiansuo explore --out" in html
