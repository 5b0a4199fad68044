"""Generated data: the dirty set loads to the same graph as the clean one, every row as the
generator says a correct loader must treat it."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from conftest import graph_dump
from graph_loader.tables import read_rejects

from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_tables
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.synth import generate

PERSONS, SEED = 3000, 11


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Clean and dirty data of one seed, each loaded into its own graph."""
    root = tmp_path_factory.mktemp("generated")
    results = {}
    for kind in ("clean", "dirty"):
        data = root / kind
        summary = generate(data, persons=PERSONS, seed=SEED, dirty=kind == "dirty")
        with FalkorEngine(root / f"{kind}.db") as engine:
            report = load_tables(data, engine, Vocabulary.load(), RunFolder(root / f"{kind}-out"))
            # How a record was matched differs by design between clean and dirty data, and a
            # person first named in a row that waited for resolution is created by a later
            # row of another table, so only the provenance of first creation differs.
            ignore = ("src_file", "src_row", "src_table", "match", "claimed_id")
            dump = graph_dump(engine, ignore=ignore)
        results[kind] = (data, report, dump, root / f"{kind}-out", summary)
    return results


def _row_truth(data, table):
    with (data / "row_truth" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_clean_data_loads_without_loss(loaded):
    _, report, _, _, summary = loaded["clean"]
    assert {name: t.read for name, t in report.tables.items()} == summary.rows
    assert report.totals.rejected == 0 == report.totals.duplicates
    assert report.totals.read == report.totals.loaded


def test_each_dirty_row_is_loaded_merged_or_rejected_as_it_must(loaded):
    data, report, _, out, _ = loaded["dirty"]
    rejected = {(r["table"], int(r["row"])) for r in read_rejects(out)}
    for table, counts in report.tables.items():
        truth = _row_truth(data, table)
        expected = Counter(row["expect"] for row in truth)
        assert counts.balanced
        assert (counts.read, counts.loaded, counts.duplicates, counts.rejected) == (
            len(truth),
            expected["load"],
            expected["duplicate"],
            expected["reject"],
        ), table
        must_reject = {(table, int(row["row"])) for row in truth if row["expect"] == "reject"}
        assert {r for r in rejected if r[0] == table} == must_reject, table


def test_dirty_data_gives_the_clean_graph_but_for_unresolvable_records(loaded):
    """Every typo, missing ID and legacy form resolves to the clean person; only mentions no
    correct resolver can attach stay apart, as records of their own."""
    data, report, _, _, _ = loaded["dirty"]
    clean, dirty = set(loaded["clean"][2]), set(loaded["dirty"][2])
    assert len(clean) > 2 * loaded["clean"][1].totals.read  # nodes and relationships
    truth = [row for table in report.tables for row in _row_truth(data, table)]
    lonely = {row["person"] for row in truth if row["match"] == "unresolved"}

    assert all('"?' in line for line in dirty - clean)  # only unresolved records are new
    assert all(any(person in line for person in lonely) for line in clean - dirty)
    assert report.totals.matches["unresolved"] == sum(
        row["match"] == "unresolved" and row["expect"] == "load" for row in truth
    )
    assert report.totals.matches["id_typo"] > 0 and report.totals.matches["name_birth"] > 0


def test_dirty_files_come_in_every_encoding(loaded):
    _, report, _, _, _ = loaded["dirty"]
    encodings = {e for t in report.tables.values() for e in t.encodings}
    assert {"utf-8", "utf-8-sig", "gb18030", "xlsx"} <= encodings
