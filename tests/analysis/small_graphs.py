"""Small graphs for the analysis tests: contract tables written from dicts, then loaded."""

from __future__ import annotations

import csv
from pathlib import Path

from xiansuo.engines import GraphEngine
from xiansuo.graph_loader import load_tables
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.pipeline.rule_tests import symbol_id

# Three counties (and the city of the first, its intermediate court).
X, Y, Z, CITY = "511802", "510104", "510107", "511800"


def case(no: int, region: str) -> dict[str, str]:
    """A criminal case row numbered ``no`` before the court of ``region``."""
    court = region[2:] if not region.endswith("00") else region[2:4]
    return {
        "案号": f"(2023)川{court}刑初{no}号",
        "区划代码": region,
        "立案日期": f"2023-01-{no:02d}",
    }


def party(case_row: dict[str, str], who: str, role: str = "犯罪嫌疑人") -> dict[str, str]:
    """``who`` (a symbol such as ``@甲``) in the case, by role."""
    return {"案号": case_row["案号"], "角色": role, "身份证号": symbol_id(who), "姓名": who[1:]}


def load(engine: GraphEngine, folder: Path, tables: dict[str, list[dict[str, str]]]) -> GraphEngine:
    """Write the tables (table -> rows of contract columns) into ``folder`` and load them."""
    vocabulary = Vocabulary.load()
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        header = [spec.column for spec in vocabulary.mappings[table].fields.values()]
        with (data / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header)
            writer.writeheader()
            writer.writerows(rows)
    report = load_tables(data, engine, vocabulary, RunFolder(folder / "out"))
    assert report.totals.rejected == 0
    return engine
