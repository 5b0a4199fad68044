"""The engine interface on embedded FalkorDB, and on Neo4j when XIANSUO_NEO4J_URI is set."""

from __future__ import annotations

import os

import pytest
from conftest import graph_dump

from xiansuo.engines import ReadOnlyViolation, ReadTimeout, open_engine
from xiansuo.engines.base import QueryFailed
from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_tables
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

NEO4J_URI = os.environ.get("XIANSUO_NEO4J_URI")
needs_neo4j = pytest.mark.skipif(
    not NEO4J_URI, reason="set XIANSUO_NEO4J_URI (a scratch database) to run against Neo4j"
)


def test_reads_are_read_only(engine):
    with pytest.raises(ReadOnlyViolation):
        engine.read("CREATE (:Person {id_no: 'x'})")
    assert engine.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_reads_return_plain_values_and_take_parameters(engine):
    engine.write(
        "UNWIND $rows AS row MERGE (p:Person {id_no: row.k}) SET p += row.p",
        [{"k": "1", "p": {"name": "a'b\"c\\d", "n": 3}}],
    )
    rows = engine.read(
        "MATCH (p:Person {id_no: $k}) RETURN p.name AS name, {n: p.n} AS m, [p.n, $x] AS l",
        {"k": "1", "x": "y"},
    )
    assert rows == [{"name": "a'b\"c\\d", "m": {"n": 3}, "l": [3, "y"]}]
    with pytest.raises(QueryFailed, match="scalars, lists or maps"):
        engine.read("MATCH (p:Person) RETURN p")


def test_a_slow_read_hits_its_timeout(engine):
    with pytest.raises(ReadTimeout):
        engine.read("UNWIND range(1, 50000000) AS x RETURN count(x) AS n", timeout_ms=1)


def test_long_queries_are_not_cut_by_a_client_socket_timeout(engine):
    # redis-py times a socket out after 5 s by default; big loads and rules take longer.
    assert engine._db.client.connection_pool.connection_kwargs["socket_timeout"] is None


def test_writing_is_idempotent_through_merge(engine):
    statement = "UNWIND $rows AS row MERGE (p:Person {id_no: row.k})"
    for _ in range(2):
        engine.write(statement, [{"k": "1"}, {"k": "2"}])
    assert engine.read("MATCH (p:Person) RETURN count(p) AS n") == [{"n": 2}]


def test_clear_empties_the_graph_and_keeps_it_usable(engine):
    engine.write("UNWIND $rows AS row CREATE (:Person {id_no: row.k})", [{"k": "1"}])
    engine.clear()
    assert engine.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    engine.write("UNWIND $rows AS row CREATE (:Person {id_no: row.k})", [{"k": "2"}])
    assert engine.read("MATCH (n) RETURN n.id_no AS k") == [{"k": "2"}]


def test_open_engine_chooses_by_argument(tmp_path):
    with open_engine(tmp_path / "g.db") as engine:
        assert isinstance(engine, FalkorEngine)
    with pytest.raises(ValueError, match="graph path or a Neo4j URI"):
        open_engine()


@needs_neo4j
def test_neo4j_loads_the_same_graph_as_falkordb(sample_dir, tmp_path):
    mappings = Vocabulary.load()
    with FalkorEngine(tmp_path / "g.db") as falkor:
        load_tables(sample_dir, falkor, mappings, RunFolder(tmp_path / "f"))
        expected = graph_dump(falkor)
    with open_engine(neo4j_uri=NEO4J_URI) as neo:
        neo.clear()
        load_tables(sample_dir, neo, mappings, RunFolder(tmp_path / "n"))
        first = graph_dump(neo)
        load_tables(sample_dir, neo, mappings, RunFolder(tmp_path / "n"))
        assert graph_dump(neo) == first
        with pytest.raises(ReadOnlyViolation):
            neo.read("CREATE (:Person {id_no: 'x'})")
    assert first == expected


def test_a_load_indexes_the_names_people_are_looked_up_by(tmp_path, sample_dir):
    from xiansuo.pipeline.project import Project
    from xiansuo.pipeline.stages import load_stage

    project = Project.open(tmp_path / "out")
    with FalkorEngine(tmp_path / "graph.db", save=False) as graph:
        load_stage(project, graph, sample_dir)
        load_stage(project, graph, sample_dir)  # an index that exists is kept, not an error
        rows = graph.read("CALL db.indexes() YIELD label, properties RETURN label, properties")
    indexed = {(row["label"], p) for row in rows for p in row["properties"]}
    assert {("Person", "name"), ("Organization", "name"), ("UnresolvedParty", "name")} <= indexed
    assert ("Person", "id_no") in indexed
