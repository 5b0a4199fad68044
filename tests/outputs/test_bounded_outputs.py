"""A run writes pages for its first leads by priority, a bounded report, and a workbook of all."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xiansuo.analysis import priority
from xiansuo.cli import app
from xiansuo.model.lead import read_leads
from xiansuo.outputs.excel import RuleSheet, write_workbook
from xiansuo.outputs.order import group_by_person, sort_leads
from xiansuo.outputs.rows import LeadRow

runner = CliRunner()


def _by_priority(run: Path) -> list[str]:
    """The lead ids by priority."""
    leads = read_leads(run / "leads.jsonl")
    return [x.lead_id for x in sort_leads(leads, priority.read(run / "priority.json"))]


def _report_order(run: Path) -> list[str]:
    """The lead ids in the report's order: by priority, one person's leads together."""
    leads = sort_leads(read_leads(run / "leads.jsonl"), priority.read(run / "priority.json"))
    return [x.lead_id for x in group_by_person(leads)[0]]


def _report(run: Path, *options: str) -> str:
    result = runner.invoke(app, ["report", "--out", str(run), *options])
    assert result.exit_code == 0, result.output
    return (run / "report.html").read_text(encoding="utf-8")


def _pages(run: Path) -> set[str]:
    return {p.stem for p in (run / "leads").glob("*.html")}


def test_pages_go_to_the_first_leads_by_priority_and_the_report_links_only_those(sample_run):
    html = _report(sample_run, "--pages", "3")
    first = _by_priority(sample_run)[:3]
    assert _pages(sample_run) == set(first)
    linked = re.findall(r'<a class="page" href="leads/([0-9a-f]+)\.html"', html)
    assert sorted(linked) == sorted(first)
    leads = read_leads(sample_run / "leads.jsonl")
    assert html.count('class="no-page"') == len(leads) - 3
    assert f"xiansuo explore --out {sample_run}" in html


def test_pages_none_writes_no_page_and_all_writes_every_one(sample_run):
    html = _report(sample_run, "--pages", "none")
    assert _pages(sample_run) == set() and 'class="page"' not in html
    _report(sample_run, "--pages", "all")
    assert _pages(sample_run) == {x.lead_id for x in read_leads(sample_run / "leads.jsonl")}


def test_a_bad_pages_value_is_refused_with_what_it_takes(sample_run):
    result = runner.invoke(app, ["report", "--out", str(sample_run), "--pages", "some"])
    assert result.exit_code != 0 and "all or none" in result.output


def test_the_report_lists_its_first_rows_and_says_where_the_others_are(sample_run, monkeypatch):
    monkeypatch.setattr("xiansuo.outputs.report.REPORT_ROWS", 7)
    html = _report(sample_run)
    leads = read_leads(sample_run / "leads.jsonl")
    shown = re.findall(r'<tr data-rule="[^"]+" data-run="[^"]+" [^>]*data-lead="([0-9a-f]+)"', html)
    assert shown == _report_order(sample_run)[:7]
    assert f"优先级最高的 7 条线索（共 {len(leads)} 条" in html
    # Every lead is still counted per rule and in the workbook.
    counts = re.findall(r'<td class="n">(\d+)</td><td class="rule-desc">', html)
    assert sum(map(int, counts)) == len(leads)
    book = openpyxl.load_workbook(sample_run / "leads.xlsx", read_only=True)
    first, *rules = book.worksheets
    assert len(list(first.values)) - 1 == len(leads)
    assert sum(len(list(sheet.values)) - 1 for sheet in rules) == len(leads)


def _row(lead_id: str, summary: str) -> LeadRow:
    return LeadRow(lead_id, lead_id[:8], "r", "模型", "高", 1, "", "某甲", "", summary, "新", "new",
                   "新线索", "新线索", "", "", "", "", 0.5, "", "", {"fact": summary})  # fmt: skip


@pytest.mark.parametrize("count", [0, 1, 2500])
def test_the_workbook_streams_every_row_as_text_with_its_header_and_layout(tmp_path, count):
    rows = [_row(f"{i:016x}", f'=HYPERLINK("http://x/{i}")') for i in range(count)]
    sheets = [
        RuleSheet("规则/一", 1, (("fact", "事实"),), rows),
        RuleSheet("规则二", 0, (), rows[:1]),
    ]
    path = write_workbook(tmp_path / "leads.xlsx", rows, sheets)
    book = openpyxl.load_workbook(path)
    # The more severe rule first, whatever the order given.
    assert book.sheetnames == ["全部线索", "规则二", "规则_一"]
    sheet = book["全部线索"]
    assert sheet.max_row == count + 1 and sheet.freeze_panes == "B2"
    assert [c.value for c in sheet[1]][:4] == ["线索编号", "模型", "严重程度", "优先级得分"]
    assert all(c.font.b for c in sheet[1])
    summary = [c.value for c in sheet[1]].index("线索摘要")
    for cells in sheet.iter_rows(min_row=2):
        assert cells[summary].data_type == "s" and cells[summary].value.startswith("=HYPERLINK")
        assert cells[summary].alignment.wrap_text and cells[summary].alignment.vertical == "top"
    for cells in book["规则_一"].iter_rows(min_row=2):  # the rule's own columns too
        assert cells[2].data_type == "s" and cells[2].value.startswith("=HYPERLINK")
    assert sheet.cell(count + 1, 1).value == (f"{count - 1:016x}"[:8] if count else "线索编号")
