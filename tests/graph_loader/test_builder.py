"""A graph built whole (a fresh run) is the graph the MERGE statements build row by row, to
the last property and provenance, with its key indexes.

Row by row: within one batch, FalkorDB's MERGE creates a node named by several rows once
but lets a later row's ON CREATE SET win, so with batches a node's provenance is the last
row of the first batch naming it; the builder, like MERGE one row at a time (and Neo4j),
keeps the first row's."""

from __future__ import annotations

import pytest
from conftest import graph_dump

from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_tables, loader
from xiansuo.graph_loader.transform import TableTransform
from xiansuo.model.processes import worker_pool
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.synth import generate


def _both_ways(data, root):
    dumps, reports = {}, {}
    for fresh in (False, True):
        with FalkorEngine(root / f"{fresh}.db", save=False) as engine:
            report = load_tables(data, engine, Vocabulary.load(), RunFolder(root / f"{fresh}-out"),
                                 batch_size=700 if fresh else 1, fresh=fresh)  # fmt: skip
            dumps[fresh] = graph_dump(engine, ignore=())
            indexes = engine.read(
                "CALL db.indexes() YIELD label, properties RETURN label, properties"
            )
            reports[fresh] = (
                report.totals,
                sorted((r["label"], *r["properties"]) for r in indexes),
            )
    return dumps, reports


@pytest.mark.parametrize("dirty", [False, True])
def test_a_fresh_build_gives_the_merged_graph(tmp_path, sample_dir, dirty):
    # Generated data with its mess (typos resolved after every file is read, duplicates,
    # unresolved records, 15-digit IDs), and the sample.
    data = sample_dir
    if dirty:
        data = tmp_path / "data"
        generate(data, persons=1500, seed=4, dirty=True)
    dumps, reports = _both_ways(data, tmp_path)
    assert len(dumps[True]) > 1000
    assert dumps[True] == dumps[False]
    assert reports[True] == reports[False]
    keys = {(k.label, k.property) for k in Vocabulary.load().node_keys}
    assert keys <= set(reports[True][1])


def test_a_build_that_fails_late_has_written_nothing(tmp_path, sample_dir, monkeypatch):
    row = TableTransform.row

    def broken(self, *args, **kwargs):
        if self.mapping.table == "terminated_disclosures":  # the last file read
            raise RuntimeError("a row the transform cannot read")
        return row(self, *args, **kwargs)

    with FalkorEngine(tmp_path / "g.db", save=False) as engine:
        monkeypatch.setattr(TableTransform, "row", broken)
        with pytest.raises(RuntimeError):
            load_tables(sample_dir, engine, Vocabulary.load(), RunFolder(tmp_path / "out"),
                        fresh=True)  # fmt: skip
        assert engine.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_a_load_read_by_processes_of_its_own_is_the_same(tmp_path, monkeypatch):
    # The census and the first pass over the rows, each by worker processes.
    data = tmp_path / "data"
    generate(data, persons=1500, seed=4, dirty=True)
    started = []

    def counted(workers, *args):
        started.append((workers,))
        return worker_pool(workers, *args)

    monkeypatch.setattr(loader, "worker_pool", counted)
    found = []
    for threshold in (10**12, 0):  # one process, then with workers
        monkeypatch.setattr(loader, "PARALLEL_BYTES", threshold)
        out = tmp_path / f"out-{threshold}"
        with FalkorEngine(tmp_path / f"{threshold}.db", save=False) as engine:
            report = load_tables(data, engine, Vocabulary.load(), RunFolder(out), fresh=True)
            files = [(out / name).read_bytes() for name in ("resolution_review.csv",
                                                             "rejects.csv")]  # fmt: skip
            found.append((report.totals, graph_dump(engine, ignore=()), files))
    assert found[0] == found[1]
    assert found[0][0].rejected and found[0][0].matches["id_typo"]  # every kind of row came
    assert started == [(loader.WORKERS,), (loader.TRANSFORMERS,)]
