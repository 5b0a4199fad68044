"""The load report: every input row counted as loaded, merged as a duplicate or rejected."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Self

from xiansuo.graph_loader.resolve import PartyIndex, Resolution
from xiansuo.model.masking import mask_ids
from xiansuo.model.spreadsheet import SheetWriter, open_sheet

__all__ = ["LoadReport", "RejectWriter", "ReviewWriter", "TableReport", "reason_kind"]

REJECT_COLUMNS = ("table", "file", "row", "column", "reason", "raw")
REVIEW_COLUMNS = ("kind", "table", "file", "row", "claimed_id", "name", "candidates", "reason")
_SPECIFICS = re.compile(r"\s*'[^']*'|\d+")


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
        return total

    def to_json(self) -> dict:
        data = asdict(self)
        data["tables"] = {
            name: {
                **asdict(t),
                "reasons": dict(t.reasons.most_common()),
                "matches": dict(t.matches.most_common()),
            }
            for name, t in self.tables.items()
        }
        return data

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")


class _CsvOutput:
    """A CSV for spreadsheets written row by row; every cell masked unless masking is off."""

    columns: tuple[str, ...] = ()

    def __init__(self, path: Path, *, mask: bool = True) -> None:
        self.path = path
        self.mask = mask
        self._handle: IO[str] = open_sheet(path, "w")
        self._csv = SheetWriter(self._handle)
        self._csv.writerow(self.columns)

    def _row(self, *cells: object) -> None:
        """Write one row: what a person reads, so ID numbers are masked wherever they are."""
        shown = mask_ids if self.mask else str
        self._csv.writerow(shown(str(cell)) for cell in cells)

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
    """``resolution_review.csv``: unresolved and ambiguous mentions, IDs under several names."""

    columns = REVIEW_COLUMNS

    def mention(self, table: str, file: str, row: int, resolution: Resolution) -> None:
        """Record a mention that resolved to nobody, or that fitted several people."""
        kind = "ambiguous" if len(resolution.candidates) > 1 else "unresolved"
        self._row(kind, table, file, row, resolution.claimed, resolution.name or "",
                  ";".join(resolution.candidates), resolution.reason)  # fmt: skip

    def shared_ids(self, index: PartyIndex) -> None:
        """Valid IDs used under more than one name: placeholders or data-entry reuse."""
        for canonical, names in sorted(index.names_by_id.items()):
            if len(names) > 1:
                reason = f"同一证件号对应{len(names)}个不同姓名"
                self._row("shared_id", "", "", "", canonical, "、".join(sorted(names)), "", reason)
