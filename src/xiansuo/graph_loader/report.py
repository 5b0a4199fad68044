"""The load report: every input row counted as loaded, merged as a duplicate or rejected."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Self

from xiansuo.graph_loader.census import Census
from xiansuo.graph_loader.divisions import ABOLISHED, UNKNOWN
from xiansuo.graph_loader.resident_id import is_resident_id
from xiansuo.graph_loader.resolve import Resolution
from xiansuo.graph_loader.uscc import REGION_FLAG
from xiansuo.model.files import atomic_open, atomic_write
from xiansuo.model.masking import mask_ids
from xiansuo.model.spreadsheet import ENCODING, SheetWriter

__all__ = ["LoadReport", "RejectWriter", "ReviewWriter", "TableReport", "reason_kind"]

REJECT_COLUMNS = ("table", "file", "row", "column", "reason", "raw")
REVIEW_COLUMNS = ("kind", "table", "file", "row", "claimed_id", "name", "candidates", "reason")
_SPECIFICS = re.compile(r"\s*'[^']*'|\d+")
# What the review says of a valid identifier that is kept but suspect.
SUSPECT = {
    UNKNOWN: "身份证号地区码 {code} 不在区划代码库中（可能是新设区划，也可能录错），"
    "已按原号码载入，请核对",
    ABOLISHED: "身份证号地区码 {code} 在出生年份前已撤销，已按原号码载入，请核对",
    REGION_FLAG: "统一社会信用代码的登记机关区划码 {code} 不在区划代码库中，已按原代码载入，请核对",
}


def reason_kind(reason: str) -> str:
    """A reason without its row-specific values, for counting (quoted values, numbers).

    >>> reason_kind("未知角色 '证人'（应为 犯罪嫌疑人/被告人/被害人）")
    '未知角色（应为 犯罪嫌疑人/被告人/被害人）'
    """
    return _SPECIFICS.sub(lambda m: "" if m.group().strip().startswith("'") else "N", reason)


@dataclass
class TableReport:
    """Row counts of one table (all its files)."""

    table: str
    files: list[str] = field(default_factory=list)
    encodings: list[str] = field(default_factory=list)
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    matches: Counter[str] = field(default_factory=Counter)  # how party mentions resolved
    flags: Counter[str] = field(default_factory=Counter)  # mentions of suspect identifiers

    @property
    def balanced(self) -> bool:
        """Nothing lost: every row read was loaded, merged or rejected."""
        return self.read == self.loaded + self.duplicates + self.rejected


@dataclass
class LoadReport:
    """What one load did, table by table, and what it wrote to the graph."""

    data_dir: str
    engine: str
    tables: dict[str, TableReport] = field(default_factory=dict)
    unmapped_files: list[str] = field(default_factory=list)
    graph: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def totals(self) -> TableReport:
        total = TableReport("total")
        for table in self.tables.values():
            total.read += table.read
            total.loaded += table.loaded
            total.duplicates += table.duplicates
            total.rejected += table.rejected
            total.reasons.update(table.reasons)
            total.matches.update(table.matches)
            total.flags.update(table.flags)
        return total

    def to_json(self) -> dict:
        data = asdict(self)
        data["tables"] = {
            name: {
                **asdict(t),
                "reasons": dict(t.reasons.most_common()),
                "matches": dict(t.matches.most_common()),
                "flags": dict(t.flags.most_common()),
            }
            for name, t in self.tables.items()
        }
        return data

    def write(self, path: Path) -> None:
        atomic_write(path, json.dumps(self.to_json(), ensure_ascii=False, indent=1))


class _CsvOutput:
    """A CSV for spreadsheets written row by row, every cell masked unless masking is off;
    it replaces the file at ``path`` only once complete (a failed load leaves the previous
    one)."""

    columns: tuple[str, ...] = ()

    def __init__(self, path: Path, *, mask: bool = True) -> None:
        self.path = path
        self.mask = mask
        self._file = atomic_open(path, "w", encoding=ENCODING, newline="")

    def _row(self, *cells: object) -> None:
        """Write one row: what a person reads, so ID numbers are masked wherever they are."""
        shown = mask_ids if self.mask else str
        self._csv.writerow(shown(str(cell)) for cell in cells)

    def __enter__(self) -> Self:
        self._csv = SheetWriter(self._file.__enter__())
        self._csv.writerow(self.columns)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._file.__exit__(*exc)


class RejectWriter(_CsvOutput):
    """Streams rejected rows to ``rejects.csv`` with the raw row and the reason."""

    columns = REJECT_COLUMNS

    def write(
        self,
        table: str,
        file: str,
        row: int,
        column: str,
        reason: str,
        raw: dict[str, str],
    ) -> None:
        """Record one rejected row with its cells by header."""
        self._row(table, file, row, column, reason, json.dumps(raw, ensure_ascii=False))


class ReviewWriter(_CsvOutput):
    """``resolution_review.csv``: unresolved and ambiguous mentions, suspect identifiers
    (once each), IDs under several names."""

    columns = REVIEW_COLUMNS

    def __init__(self, path: Path, *, mask: bool = True) -> None:
        super().__init__(path, mask=mask)
        self._suspects: set[str] = set()

    def mention(self, table: str, file: str, row: int, resolution: Resolution) -> None:
        """Record a mention that resolved to nobody, or that fitted several people."""
        kind = "ambiguous" if len(resolution.candidates) > 1 else "unresolved"
        self._row(kind, table, file, row, resolution.claimed, resolution.name or "",
                  ";".join(resolution.candidates), resolution.reason)  # fmt: skip

    def suspect(self, table: str, file: str, row: int, resolution: Resolution) -> None:
        """Record a kept identifier whose division code is suspect, at its first mention."""
        key = resolution.key or ""
        if resolution.flag not in SUSPECT or key in self._suspects:
            return
        self._suspects.add(key)
        code = key[2:8] if resolution.flag == REGION_FLAG else key[:6]
        reason = SUSPECT[resolution.flag].format(code=code)
        self._row("suspect_id", table, file, row, key, resolution.name or "", "", reason)

    def shared_ids(self, census: Census) -> None:
        """Valid IDs written under more than one name: placeholders, data-entry reuse, or a
        name written two ways; USCCs under several names (only a person's ID is generic)."""
        for canonical, names in census.shared():
            if not is_resident_id(canonical):  # an organisation may have been renamed
                reason = (
                    f"同一信用代码对应{len(names)}个名称（可能已更名），仍认定为同一单位，请核对"
                )
            elif census.is_generic(canonical):
                reason = (
                    f"同一证件号对应{len(names)}个不同姓名，不认定为任何人（各行均为未匹配记录）"
                )
            else:
                reason = f"同一证件号对应{len(names)}个相近姓名，仍认定为同一人，请核对"
            self._row("shared_id", "", "", "", canonical, "、".join(sorted(names)), "", reason)
