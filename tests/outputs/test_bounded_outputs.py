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
from xiansuo.outputs.excel import COLUMNS, write_workbook
from xiansuo.outputs.order import sort_leads
from xiansuo.outputs.rows import LeadRow

runner = CliRunner()


def _by_priority(run: Path) -> list[str]:
    """The lead ids in the report's order."""
    leads = read_leads(run / "leads.jsonl")
    return [x.lead_id for x in sort_leads(leads, priority.read(run / "priority.json"))]


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
    assert linked == first
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
    shown = re.findall(r'<tr data-rule="[^"]+" data-run="[^"]+" data-lead="([0-9a-f]+)"', html)
    assert shown == _by_priority(sample_run)[:7]
    assert f"优先级最高的 7 条线索（共 {len(leads)} 条" in html
    # Every lead is still counted per rule and in the workbook.
    counts = re.findall(r'<td class="n">(\d+)</td><td class="rule-desc">', html)
    assert sum(map(int, counts)) == len(leads)
    book = openpyxl.load_workbook(sample_run / "leads.xlsx", read_only=True)
    assert sum(len(list(sheet.values)) - 1 for sheet in book.worksheets) == len(leads)


def _row(lead_id: str, summary: str) -> LeadRow:
    return LeadRow(lead_id, lead_id[:8], "r", "模型", "高", 1, "", "某甲", "", summary, "新", "new", "", "",
                   "", "", "", 0.5, "", "")  # fmt: skip


@pytest.mark.parametrize("count", [0, 1, 2500])
def test_the_workbook_streams_every_row_as_text_with_its_header_and_layout(tmp_path, count):
    rows = [_row(f"L{i:05d}", f'=HYPERLINK("http://x/{i}")') for i in range(count)]
    path = write_workbook(tmp_path / "leads.xlsx", {"规则/一": rows, "规则二": rows[:1]})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["规则_一", "规则二"]
    sheet = book["规则_一"]
    assert sheet.max_row == count + 1 and sheet.freeze_panes == "B2"
    assert [c.value for c in sheet[1]][:2] == ["线索编号", "优先级得分"]
    assert all(c.font.b for c in sheet[1])
    assert [sheet.column_dimensions[c].width for c in "AH"] == [COLUMNS[0][2], COLUMNS[7][2]]
    for cells in sheet.iter_rows(min_row=2):
        assert cells[7].data_type == "s" and cells[7].value.startswith("=HYPERLINK")
        assert cells[7].alignment.wrap_text and cells[7].alignment.vertical == "top"
    assert sheet.cell(count + 1, 1).value == (f"L{count - 1:05d}" if count else "线索编号")
