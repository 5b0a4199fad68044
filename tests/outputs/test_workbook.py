"""leads.xlsx as case departments use it: the all-leads sheet, the rules' own columns, filters,
drop-downs and real dates; and ``leads import`` reading a returned copy back."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.model.lead import read_leads
from xiansuo.model.severity import severity_rank
from xiansuo.outputs.history import read_history
from xiansuo.outputs.register import STATUSES, Register
from xiansuo.queries.rule import load_rules

RULES = {rule.id: rule for rule in load_rules()}
EN_STATUSES = ["new lead", "under review", "confirmed", "ruled out"]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="session")
def _demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def demo(_demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo run, for tests that change it."""
    return Path(shutil.copytree(_demo, tmp_path / "out"))


def _header(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def _register(out: Path) -> dict[str, dict[str, str]]:
    return {
        lead: vars(entry) for lead, entry in Register(out / "lead_register.csv").entries.items()
    }


def _invoke(*args: str, lang: str = "zh"):
    return CliRunner(env={"XIANSUO_LANG": lang}).invoke(app, list(args))


def test_all_leads_come_first_by_priority_then_one_sheet_per_rule_by_severity(_demo):
    book = openpyxl.load_workbook(_demo / "leads.xlsx")
    leads = read_leads(_demo / "leads.jsonl")
    first = book.worksheets[0]
    assert first.title == "全部线索"
    header = _header(first)
    for column in ("模型", "姓名", "证件号", "案件", "线索摘要", "优先级得分", "优先级说明",
                   "核查状态", "承办人", "备注", "首次发现", "最近发现", "线索编号"):  # fmt: skip
        assert column in header
    rows = list(first.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(leads)
    scores = [row[header.index("优先级得分")] for row in rows]
    assert scores == sorted(scores, reverse=True)
    by_title = {rule.title.zh: rule for rule in RULES.values()}
    rules = [by_title[title] for title in book.sheetnames[1:]]
    assert len(rules) == len(RULES)
    ranks = [severity_rank(rule.severity) for rule in rules]
    assert ranks == sorted(ranks) and rules[0].id == "reoffense_during_correction"


def test_each_rule_sheet_has_the_rules_returned_columns_under_their_chinese_names(_demo):
    book = openpyxl.load_workbook(_demo / "leads.xlsx")
    for rule in RULES.values():
        header = _header(book[rule.title.zh])
        assert [name for name in header if name in rule.returns.values()] == list(
            rule.returns.values()
        )
    aid = book[RULES["judicial_aid_candidate"].title.zh]
    header = _header(aid)
    for row in aid.iter_rows(min_row=2):
        assert row[header.index("赔偿情况")].value in ("未赔偿", "部分赔偿")
        assert row[header.index("保障起始日期")].is_date  # a date, not text
        person = row[header.index("被害人身份证号")]
        assert person.data_type == "s" and "*" * 10 in person.value  # masked text
        assert row[header.index("案号")].data_type == "s"


def test_dates_are_dates_amounts_numbers_and_ids_text(_demo):
    book = openpyxl.load_workbook(_demo / "leads.xlsx")
    first = book["全部线索"]
    header = _header(first)
    row = next(first.iter_rows(min_row=2))
    assert row[header.index("首次发现")].is_date and row[header.index("最近发现")].is_date
    assert row[header.index("优先级得分")].data_type == "n"
    terminated = book[RULES["terminated_not_disclosed"].title.zh]
    header = _header(terminated)
    cells = list(terminated.iter_rows(min_row=2))
    assert cells and all(r[header.index("未履行金额")].data_type == "n" for r in cells)
    assert all(r[header.index("结案日期")].is_date for r in cells)
    assert all(r[header.index("执行案号")].data_type == "s" for r in cells)


def test_every_sheet_filters_freezes_its_header_lists_the_statuses_and_hides_a_locked_key(_demo):
    book = openpyxl.load_workbook(_demo / "leads.xlsx")
    for sheet in book.worksheets:
        header = _header(sheet)
        last, width = sheet.max_row, len(header)
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(width)}{last}", sheet.title
        assert sheet.freeze_panes == "B2"
        status = get_column_letter(header.index("核查状态") + 1)
        listed = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
        if last > 1:
            assert len(listed) == 1 and str(listed[0].sqref) == f"{status}2:{status}{last}"
            assert listed[0].formula1 == '"' + ",".join(STATUSES) + '"'
        key = get_column_letter(width)
        assert header[-1] == "线索标识（勿改）" and sheet.column_dimensions[key].hidden
        assert sheet.protection.sheet and not sheet.protection.autoFilter
        for row in sheet.iter_rows(min_row=2, max_row=4):
            assert row[-1].protection.locked and re.match(r"^[0-9a-f]{16}:m:", row[-1].value)
            assert not row[header.index("核查状态")].protection.locked
            assert not row[header.index("备注")].protection.locked


def test_a_lead_with_a_page_links_to_it(_demo):
    sheet = openpyxl.load_workbook(_demo / "leads.xlsx")["全部线索"]
    column = _header(sheet).index("关系图")
    linked = [row[column] for row in sheet.iter_rows(min_row=2) if row[column].hyperlink]
    assert linked and all(c.value == "查看" for c in linked)
    for cell in linked:
        assert (_demo / cell.hyperlink.target).is_file()
    assert len(linked) == len(list((_demo / "leads").glob("*.html")))


def test_the_english_workbook_is_english(demo):
    result = _invoke("report", "--out", str(demo), lang="en")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(demo / "leads.xlsx")
    assert book.sheetnames[0] == "All leads"
    assert set(book.sheetnames[1:]) == {
        rule.title.en[:31] for rule in RULES.values()
    }  # Excel's limit
    for sheet in book.worksheets:
        assert not [name for name in _header(sheet) if CJK.search(name)], sheet.title
        listed = sheet.data_validations.dataValidation
        assert not listed or listed[0].formula1 == '"' + ",".join(EN_STATUSES) + '"'
    first = book["All leads"]
    header = _header(first)
    for row in first.iter_rows(min_row=2, values_only=True):
        assert row[header.index("Status")] in EN_STATUSES
        for column in ("Rule", "Severity", "Why this priority", "This run"):
            assert not CJK.search(row[header.index(column)]), (column, row)
    aid = book[RULES["judicial_aid_candidate"].title.en[:31]]
    values = {row[_header(aid).index("Compensation")] for row in aid.iter_rows(min_row=2, values_only=True)}  # fmt: skip
    assert values <= {"not compensated", "partly compensated"} and values


def _edited_copy(out: Path, target: Path, changes: dict[int, str], delete: int) -> list[str]:
    """The workbook with the status of the all-leads rows ``changes`` set, row ``delete``
    deleted and the columns in reverse order; the lead ids of the changed rows."""
    book = openpyxl.load_workbook(out / "leads.xlsx")
    sheet = book["全部线索"]
    header = _header(sheet)
    status, key = header.index("核查状态") + 1, len(header)
    changed = []
    for row, value in changes.items():
        sheet.cell(row, status).value = value
        changed.append(sheet.cell(row, key).value[:16])
    sheet.delete_rows(delete)
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    for r, row in enumerate(values, start=1):
        for c, value in enumerate(reversed(row), start=1):
            sheet.cell(r, c).value = value
    book.save(target)
    return changed


def test_an_edited_copy_changes_exactly_the_edited_leads_with_history(demo, tmp_path):
    before = _register(demo)
    deleted = openpyxl.load_workbook(demo / "leads.xlsx")["全部线索"].cell(6, 17).value[:16]
    edited = tmp_path / "returned.xlsx"
    changed = _edited_copy(demo, edited, {2: "核查中", 3: "已确认", 4: "已排除"}, delete=6)

    result = _invoke("leads", "import", str(edited), "--out", str(demo), "--user", "检察官甲")

    assert result.exit_code == 0, result.output
    after = _register(demo)
    differ = {lead for lead in after if after[lead] != before[lead]}
    assert differ == set(changed) and deleted not in differ
    assert [after[lead]["status"] for lead in changed] == ["核查中", "已确认", "已排除"]
    history = read_history(demo / "lead_history.jsonl")
    assert sorted((c.lead_id, c.field, c.old, c.new, c.user, c.source) for c in history) == sorted(
        (lead, "status", "新线索", new, "检察官甲", "import")
        for lead, new in zip(changed, ["核查中", "已确认", "已排除"], strict=True)
    )
    assert "已导入 3 处修改，冲突 0 处" in result.output
    audit = [json.loads(line) for line in (demo / "audit.jsonl").read_text("utf-8").splitlines()]
    assert audit[-1]["action"] == "import" and audit[-1]["user"] == "检察官甲"
    assert audit[-1]["params"]["changed"] == 3
    # Imported twice, the same workbook changes nothing more.
    again = _invoke("leads", "import", str(edited), "--out", str(demo))
    assert "已导入 0 处修改" in again.output and _register(demo) == after


def test_a_lead_changed_in_the_register_since_the_export_is_not_overwritten(demo, tmp_path):
    edited = tmp_path / "returned.xlsx"
    changed = _edited_copy(demo, edited, {2: "已确认", 3: "核查中"}, delete=10)
    result = _invoke("leads", "set", changed[0], "--status", "已排除", "--out", str(demo))
    assert result.exit_code == 0, result.output

    result = _invoke("leads", "import", str(edited), "--out", str(demo))

    register = _register(demo)
    assert register[changed[0]]["status"] == "已排除"  # kept
    assert register[changed[1]]["status"] == "核查中"  # applied
    assert f"冲突 {changed[0]}" in result.output and "已排除" in result.output
    assert "已导入 1 处修改，冲突 1 处" in result.output


def test_assignee_and_note_come_back_and_two_different_edits_of_one_lead_conflict(demo, tmp_path):
    book = openpyxl.load_workbook(demo / "leads.xlsx")
    first = book["全部线索"]
    header = _header(first)
    lead = first.cell(2, len(header)).value[:16]
    first.cell(2, header.index("承办人") + 1).value = "王检察官"
    first.cell(2, header.index("备注") + 1).value = "=已调卷"  # formula-like: kept as text
    rule = next(s for s in book.worksheets[1:] if s.cell(2, s.max_column).value.startswith(lead))
    rule_header = _header(rule)
    first.cell(2, header.index("核查状态") + 1).value = "已确认"
    rule.cell(2, rule_header.index("核查状态") + 1).value = "已排除"
    first.cell(3, header.index("核查状态") + 1).value = "办结"
    book.save(tmp_path / "returned.xlsx")

    result = _invoke("leads", "import", str(tmp_path / "returned.xlsx"), "--out", str(demo))

    entry = _register(demo)[lead]
    assert (entry["status"], entry["assignee"], entry["note"]) == ("新线索", "王检察官", "=已调卷")
    assert f"冲突 {lead}" in result.output
    assert "全部线索" in result.output and "K3" in result.output and "办结" in result.output


def test_a_plain_re_save_without_the_key_header_or_the_sheet_settings_still_imports(demo, tmp_path):
    """As a spreadsheet program re-saving only the values might: another sheet order, the
    key's header gone, no drop-down, no protection, every cell a plain value."""
    source = openpyxl.load_workbook(demo / "leads.xlsx")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in reversed(source.worksheets):
        copy = book.create_sheet(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            copy.append(list(row))
        copy.cell(1, copy.max_column).value = None
    first = book["全部线索"]
    header = _header(first)
    first.cell(2, header.index("核查状态") + 1).value = "核查中"
    lead = first.cell(2, len(header)).value[:16]
    book.save(tmp_path / "resaved.xlsx")

    result = _invoke("leads", "import", str(tmp_path / "resaved.xlsx"), "--out", str(demo))

    assert "已导入 1 处修改，冲突 0 处，无法读取 0 处" in result.output, result.output
    assert _register(demo)[lead]["status"] == "核查中"


def test_a_file_that_is_not_a_workbook_is_refused_clearly(demo, tmp_path):
    bad = tmp_path / "returned.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = _invoke("leads", "import", str(bad), "--out", str(demo))
    assert result.exit_code != 0 and "无法读取工作簿" in result.output
    assert "Traceback" not in result.output
