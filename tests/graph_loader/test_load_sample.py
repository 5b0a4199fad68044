"""Loading the contract's clean sample: every row loaded, counts as in truth.json, idempotent."""

from __future__ import annotations

from pathlib import Path

from conftest import graph_dump

from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_tables
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

PERSONS_IN_CASES = "MATCH (p:Person)-[:PARTY_IN]->(:Case) RETURN count(DISTINCT p) AS n"
SAME_NAME_GROUPS = """
MATCH (p:Person)-[:PARTY_IN]->(:Case)
WITH DISTINCT p
WITH p.name AS name, count(p) AS people
WHERE people > 1
RETURN count(name) AS n
"""


def test_sample_loads_every_row_with_truth_counts(sample_dir, truth, engine, tmp_path):
    report = load_tables(sample_dir, engine, Vocabulary.load(), RunFolder(tmp_path))

    expected = {Path(name).stem: rows for name, rows in truth["rows"].items()}
    assert {name: t.read for name, t in report.tables.items()} == expected
    assert all(t.loaded == t.read and t.balanced for t in report.tables.values())
    assert report.totals.rejected == 0 == report.totals.duplicates
    assert (tmp_path / "rejects.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == []
    assert engine.read(PERSONS_IN_CASES) == [{"n": truth["persons_in_cases"]}]
    assert engine.read(SAME_NAME_GROUPS) == [{"n": truth["same_name_groups"]}]


def test_reloading_the_same_files_changes_nothing(sample_dir, engine, tmp_path):
    mappings = Vocabulary.load()
    load_tables(sample_dir, engine, mappings, RunFolder(tmp_path))
    first = graph_dump(engine)
    load_tables(sample_dir, engine, mappings, RunFolder(tmp_path))
    assert graph_dump(engine) == first


def test_graph_survives_a_restart(sample_dir, tmp_path):
    path = tmp_path / "kept" / "graph.db"
    with FalkorEngine(path) as engine:
        load_tables(sample_dir, engine, Vocabulary.load(), RunFolder(tmp_path))
        before = graph_dump(engine)
    with FalkorEngine(path) as engine:
        assert graph_dump(engine) == before
    assert len(before) > 1000


def test_every_element_keeps_its_provenance(sample_dir, engine, tmp_path):
    load_tables(sample_dir, engine, Vocabulary.load(), RunFolder(tmp_path))
    missing = engine.read(
        "MATCH (n) WHERE n.src_table IS NULL OR n.src_row IS NULL RETURN count(n) AS n"
    ) + engine.read("MATCH ()-[r]->() WHERE r.src_table IS NULL RETURN count(r) AS n")
    assert missing == [{"n": 0}, {"n": 0}]
    party = engine.read(
        "MATCH (:Person)-[r:PARTY_IN]->(:Case) "
        "RETURN r.src_table AS t, r.src_file AS f, min(r.src_row) AS lo, max(r.src_row) AS hi"
    )
    assert party == [{"t": "case_parties", "f": "case_parties.csv", "lo": 2, "hi": 459}]


def test_case_region_and_day_numbers(sample_dir, engine, tmp_path):
    load_tables(sample_dir, engine, Vocabulary.load(), RunFolder(tmp_path))
    rows = engine.read(
        "MATCH (c:Case {kind: 'criminal'})-[:IN_REGION]->(j:Jurisdiction) "
        "WHERE c.region_code <> j.code OR c.filed_date_day IS NULL RETURN count(c) AS n"
    )
    assert rows == [{"n": 0}]
    epoch = engine.read(
        "MATCH (c:Case) WHERE c.filed_date = '2023-02-10' RETURN DISTINCT c.filed_date_day AS d"
    )
    assert epoch == [{"d": 19398}]  # 2023-02-10 is day 19398 after 1970-01-01
