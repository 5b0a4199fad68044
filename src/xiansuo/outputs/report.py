"""``report.html``: what was loaded, the leads per rule, and a sortable, filterable lead table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from markupsafe import Markup

from xiansuo.outputs.register import RegisterEntry
from xiansuo.outputs.rows import LeadRow
from xiansuo.queries.rule import Rule, severity_name
from xiansuo.viz.masking import mask_ids
from xiansuo.viz.page import FONTS, environment

__all__ = ["HTML_REPORT_NAME", "TEXT", "write_report"]

HTML_REPORT_NAME = "report.html"
TEXT = {
    "zh": {
        "title": "线索核查报告", "as_of": "核查基准日", "generated": "生成于",
        "unmasked": "未脱敏：仅限授权使用", "loaded": "数据加载", "table": "数据表",
        "read": "读取行数", "loaded_rows": "已加载", "duplicates": "重复合并", "rejected": "拒收",
        "rejects": "拒收行清单 (rejects.csv)", "no_load": "本目录没有加载报告。",
        "rules": "各模型线索", "rule": "模型", "severity": "严重程度", "count": "线索数",
        "description": "说明", "leads": "线索列表", "new_count": "新出现 {n} 条",
        "gone_count": "本次未再出现 {n} 条", "filter": "筛选", "all": "全部",
        "run_status": "本次状态", "new": "新出现", "seen": "此前已出现", "priority": "优先级",
        "names": "姓名", "persons": "证件号", "cases": "案件", "summary": "摘要",
        "status": "核查状态", "assignee": "承办人", "graph": "关系图", "open": "查看",
        "order_priority": "按优先级得分从高到低排列（点击表头可重新排序）。",
        "order_severity": "尚无优先级分析结果，按严重程度、模型排列（点击表头可重新排序）。",
        "gone_title": "本次未再出现的线索", "lead": "线索编号", "first_seen": "首次发现",
        "last_seen": "最近发现",
    },
    "en": {
        "title": "Lead report", "as_of": "As of", "generated": "generated",
        "unmasked": "UNMASKED: authorised use only", "loaded": "Data loaded", "table": "table",
        "read": "rows read", "loaded_rows": "loaded", "duplicates": "duplicates",
        "rejected": "rejected", "rejects": "Rejected rows (rejects.csv)",
        "no_load": "No load report in this folder.", "rules": "Leads per rule", "rule": "rule",
        "severity": "severity", "count": "leads", "description": "description",
        "leads": "Leads", "new_count": "{n} new", "gone_count": "{n} gone", "filter": "Filter",
        "all": "all", "run_status": "this run", "new": "new", "seen": "seen before",
        "priority": "priority", "names": "names", "persons": "ID numbers", "cases": "cases",
        "summary": "summary", "status": "status", "assignee": "assignee", "graph": "graph",
        "open": "open", "order_priority": "Highest priority first (click a header to re-sort).",
        "order_severity": "No priority analysis yet: by severity, then rule (click a header to "
        "re-sort).", "gone_title": "Leads not found again in this run", "lead": "lead",
        "first_seen": "first seen", "last_seen": "last seen",
    },
}  # fmt: skip


def _rules(rules: list[Rule], counts: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    zh = lang == "zh"
    return [
        {
            "id": rule.id,
            "title": rule.title.zh if zh else rule.title.en,
            "description": rule.description.zh if zh else rule.description.en,
            "severity": severity_name(rule.severity, lang),
            "leads": counts.get(rule.id, {}).get("leads", 0),
            "error": counts.get(rule.id, {}).get("error"),
        }
        for rule in rules
    ]


def write_report(
    path: Path,
    *,
    as_of: str,
    load: dict[str, Any] | None,
    rules: list[Rule],
    rule_runs: dict[str, Any],
    rows: list[LeadRow],
    gone: list[RegisterEntry],
    has_priority: bool,
    lang: str,
    mask: bool,
) -> Path:
    """Render the report; ``load`` is ``load_report.json``, ``rule_runs`` its run summary."""
    shown = mask_ids if mask else str
    titles = {r.id: (r.title.zh if lang == "zh" else r.title.en) for r in rules}
    rejects = path.parent / "rejects.csv"
    html = (
        environment()
        .get_template("report.html.j2")
        .render(
            lang=lang,
            fonts=Markup(FONTS),
            text=TEXT[lang],
            as_of=as_of,
            generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            mask=mask,
            load=list(load["tables"].values()) if load else None,
            rejects=rejects.name if rejects.is_file() else None,
            rules=_rules(rules, rule_runs, lang),
            rows=rows,
            counts={"new": sum(r.run_status_key == "new" for r in rows), "gone": len(gone)},
            gone=[
                {
                    **vars(entry),
                    "rule": titles.get(entry.rule, entry.rule),
                    "summary": shown(entry.summary),
                }
                for entry in gone
            ],
            has_priority=has_priority,
        )
    )
    path.write_text(html, encoding="utf-8")
    return path
