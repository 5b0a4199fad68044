"""The report and the workbook: priority order from priority.json, else severity; masked IDs."""

from __future__ import annotations

import json
import re

import openpyxl
from conftest import AS_OF
from typer.testing import CliRunner

from xiansuo.analysis.priority import Priority
from xiansuo.cli import app
from xiansuo.model.lead import Lead, read_leads
from xiansuo.outputs.order import sort_leads
from xiansuo.queries.rule import load_rules

runner = CliRunner()


def lead(lead_id: str, severity: str, rule: str) -> Lead:
    return Lead(rule, lead_id, ("@甲",), ("案1",), severity, "t", "s", "s")


def test_without_priorities_leads_go_by_severity_then_rule():
    leads = [lead("1", "low", "a"), lead("2", "high", "b"), lead("3", "critical", "z"),
             lead("4", "high", "a"), lead("5", "medium", "a")]  # fmt: skip
    assert [x.lead_id for x in sort_leads(leads, {})] == ["3", "4", "2", "5", "1"]


def test_with_priorities_leads_go_by_score_and_unscored_ones_last():
    leads = [lead("1", "critical", "a"), lead("2", "low", "a"), lead("3", "low", "b")]
    priorities = {"2": Priority(0.9, "高", "high"), "3": Priority(0.95, "更高", "higher")}
    assert [x.lead_id for x in sort_leads(leads, priorities)] == ["3", "2", "1"]


def report_order(out) -> list[str]:
    html = (out / "report.html").read_text(encoding="utf-8")
    # Leads that follow another lead of the same person are left out: the order is theirs.
    return re.findall(r'data-lead="([0-9a-f]{16})">', html)


def test_report_and_workbook_follow_priority_json(sample_run):
    leads = read_leads(sample_run / "leads.jsonl")
    low = sorted((x for x in leads if x.severity == "medium"), key=lambda x: x.lead_id)[:2]
    priority = {
        low[0].lead_id: {"score": 0.97, "why": {"zh": "多次涉案且未到案", "en": "repeat"}},
        low[1].lead_id: {"score": 0.42, "why": {"zh": "金额较大", "en": "large amount"}},
    }
    (sample_run / "priority.json").write_text(json.dumps(priority, ensure_ascii=False), "utf-8")

    result = runner.invoke(app, ["report", "--out", str(sample_run)])

    assert result.exit_code == 0, result.output
    assert report_order(sample_run)[:2] == [low[0].lead_id, low[1].lead_id]
    html = (sample_run / "report.html").read_text(encoding="utf-8")
    assert "多次涉案且未到案" in html and "0.97" in html
    book = openpyxl.load_workbook(sample_run / "leads.xlsx")
    sheet = book["全部线索"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r["线索标识（勿改）"][:16] for r in rows[:2]] == [low[0].lead_id, low[1].lead_id]
    assert (rows[0]["优先级得分"], rows[0]["优先级说明"]) == (0.97, "多次涉案且未到案")
    assert (sample_run / "leads" / f"{low[0].lead_id}.html").read_text("utf-8").count(
        "多次涉案"
    ) == 1


def test_without_priority_json_the_report_goes_by_severity(sample_run):
    (sample_run / "priority.json").unlink()  # as when rendering a run made before analysis
    result = runner.invoke(app, ["report", "--out", str(sample_run)])
    assert result.exit_code == 0, result.output
    severity = {x.lead_id: x.severity for x in read_leads(sample_run / "leads.jsonl")}
    order = [severity[lead_id] for lead_id in report_order(sample_run)]
    ranks = ["critical", "high", "medium", "low"]
    assert [ranks.index(s) for s in order] == sorted(ranks.index(s) for s in order)
    html = (sample_run / "report.html").read_text(encoding="utf-8")
    assert '<th data-type="number" class="n">优先级</th>' not in html and "尚无优先级" in html


def test_workbook_has_a_sheet_per_rule_with_chinese_headers_and_masked_ids(sample_run, truth):
    book = openpyxl.load_workbook(sample_run / "leads.xlsx")
    leads = read_leads(sample_run / "leads.jsonl")

    assert len(book.sheetnames) == len(load_rules()) + 1  # and the all-leads sheet first
    sheet = book["矫正期间再犯罪"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["线索编号", "优先级得分", "矫正对象身份证号", "矫正对象姓名", "新案案号"]
    assert sheet.max_row - 1 == len(truth["rules"]["reoffense_during_correction"])
    ids = {p for x in leads for p in x.persons}
    cells = {str(c) for s in book for row in s.iter_rows(values_only=True) for c in row}
    assert not any(i in c for i in ids for c in cells)
    assert any(re.fullmatch(r"\d{4}\*{10}[\dX]{4}", c) for c in cells)


def test_report_in_english_and_unmasked_on_request(sample_run):
    result = runner.invoke(app, ["report", "--out", str(sample_run), "--lang", "en", "--no-mask"])

    assert result.exit_code == 0, result.output
    html = (sample_run / "report.html").read_text(encoding="utf-8")
    assert "Lead report" in html and "Re-offence during community correction" in html
    assert AS_OF in html and "UNMASKED" in html
    lead = next(x for x in read_leads(sample_run / "leads.jsonl") if x.rule.startswith("reoffense"))
    assert lead.persons[0] in html
    page = (sample_run / "leads" / f"{lead.lead_id}.html").read_text(encoding="utf-8")
    assert f"Re-offence during community correction · lead {lead.lead_id}" in page
    assert lead.summary_en.split(",")[0] in page and "Legend" in page
