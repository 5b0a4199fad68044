"""The contract's nine tables: exact headers, and a column-wise in-memory table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from xiansuo.synth.columns import SD, strings

__all__ = ["HEADERS", "ID_COLUMNS", "NAME_COLUMNS", "Table"]

HEADERS: dict[str, tuple[str, ...]] = {
    "regions": ("区划代码", "名称", "上级代码", "级别"),
    "criminal_cases": (
        "案号", "案由", "承办法院", "区划代码", "立案日期", "判决日期", "判决生效日期",
    ),
    "case_parties": (
        "案号", "角色", "姓名", "身份证号", "性别", "出生日期", "主刑", "刑期月数", "是否缓刑",
        "缓刑考验期月数", "认定前科", "赔偿情况",
    ),
    "enforcement_cases": (
        "执行案号", "执行依据", "执行法院", "区划代码", "申请执行人", "被执行人", "被执行人证件号",
        "立案日期", "结案日期", "结案方式", "执行标的金额", "未履行金额",
    ),
    "terminated_disclosures": (
        "执行案号", "被执行人", "被执行人证件号", "终本日期", "未履行金额", "公开状态", "公开日期",
    ),
    "dishonest_list": (
        "执行案号", "被执行人", "被执行人证件号", "失信情形", "纳入日期", "屏蔽日期", "状态",
    ),
    "enforcement_completions": ("执行案号", "原执行案号", "被执行人证件号", "履行完毕日期"),
    "low_income": ("姓名", "身份证号", "区划代码", "保障类别", "保障起始日期", "保障终止日期"),
    "community_corrections": (
        "姓名", "身份证号", "矫正类别", "判决案号", "矫正开始日期", "矫正结束日期",
        "执行地区划代码", "状态",
    ),
}  # fmt: skip

# The column naming the person or organisation a row is about.
ID_COLUMNS: dict[str, str] = {
    "case_parties": "身份证号",
    "enforcement_cases": "被执行人证件号",
    "terminated_disclosures": "被执行人证件号",
    "dishonest_list": "被执行人证件号",
    "enforcement_completions": "被执行人证件号",
    "low_income": "身份证号",
    "community_corrections": "身份证号",
}
# The column naming that party (enforcement_completions has none).
NAME_COLUMNS: dict[str, str] = {
    "case_parties": "姓名",
    "enforcement_cases": "被执行人",
    "terminated_disclosures": "被执行人",
    "dishonest_list": "被执行人",
    "low_income": "姓名",
    "community_corrections": "姓名",
}


@dataclass
class Table:
    """One table as text columns in header order ("" = empty cell)."""

    name: str
    columns: dict[str, np.ndarray]

    @classmethod
    def build(cls, name: str, columns: Mapping[str, np.ndarray | str]) -> Table:
        """Columns given by header; a plain string fills the column, missing ones stay empty."""
        n = max(len(v) for v in columns.values() if not isinstance(v, str))
        out = {}
        for header in HEADERS[name]:
            value = columns.get(header, "")
            out[header] = np.full(n, value, dtype=SD) if isinstance(value, str) else strings(value)
        unknown = set(columns) - set(HEADERS[name])
        assert not unknown, f"{name}: not in the contract: {unknown}"
        return cls(name, out)

    @classmethod
    def from_rows(cls, name: str, rows: Sequence[Mapping[str, str]]) -> Table:
        return cls(name, {h: strings([r.get(h, "") for r in rows]) for h in HEADERS[name]})

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))

    def take(self, rows: np.ndarray) -> Table:
        return Table(self.name, {h: v[rows] for h, v in self.columns.items()})

    def concat(self, other: Table) -> Table:
        return Table(
            self.name,
            {h: np.concatenate([v, other.columns[h]]) for h, v in self.columns.items()},
        )
