"""Every lead's people are named in the workbook and the report, whatever the rule calls the
column (name, debtor_name, names): the rule declares it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import openpyxl

from xiansuo.model.lead import read_leads
from xiansuo.queries.rule import load_rules


class _Rows(HTMLParser):
    """The cells of the report's lead table, by lead id."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._lead: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("data-lead"):
            self._lead = attrs["data-lead"]
            self.rows[self._lead] = []
        elif tag == "td" and self._lead:
            self.rows[self._lead].append("")

    def handle_endtag(self, tag):
        if tag == "tr":
            self._lead = None

    def handle_data(self, data):
        if self._lead and self.rows[self._lead]:
            self.rows[self._lead][-1] += data


def test_names_are_filled_for_every_rule_in_workbook_and_report(_sample_run):
    leads = read_leads(_sample_run / "leads.jsonl")
    rules = {rule.id: rule for rule in load_rules()}
    assert {lead.rule for lead in leads} == set(rules)  # every built-in rule has leads here
    expected = {}
    for lead in leads:
        column = rules[lead.rule].lead.names[0]
        value = lead.details[column]
        expected[lead.lead_id] = "、".join(value) if isinstance(value, list) else value

    book = openpyxl.load_workbook(_sample_run / "leads.xlsx")
    named = {}
    sheet = book["全部线索"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row, strict=True))
        named[record["线索标识（勿改）"][:16]] = record["姓名"]
    assert named == expected

    parser = _Rows()
    parser.feed((_sample_run / "report.html").read_text(encoding="utf-8"))
    names_column = 5  # #, lead id, priority, rule, severity, names
    shown = {lead_id: cells[names_column].strip() for lead_id, cells in parser.rows.items()}
    assert shown == expected
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in shown.values())
