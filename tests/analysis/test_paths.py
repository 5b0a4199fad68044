"""Shortest connections between two people and a person's neighbourhood, as subgraphs."""

from __future__ import annotations

import pytest
from small_graphs import X, Y, Z, case, load, party

from xiansuo.analysis.paths import neighborhood, queries, shortest_paths
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.pipeline.rule_tests import symbol_id

VOCABULARY = Vocabulary.load()
A, B, C, D = (symbol_id(s) for s in ("@甲", "@乙", "@丙", "@丁"))


@pytest.fixture
def chain(engine, tmp_path):
    """甲 and 乙 share a case, 乙 and 丙 another; 丁 is nobody's co-offender; 丙 is also on
    probation for a third case."""
    c1, c2, c3, c4 = case(1, X), case(2, Y), case(3, Z), case(4, Z)
    return load(engine, tmp_path, {
        "criminal_cases": [c1, c2, c3, c4],
        "case_parties": [
            party(c1, "@甲"), party(c1, "@乙", "被告人"), party(c2, "@乙"), party(c2, "@丙"),
            party(c3, "@丙", "被告人"), party(c4, "@丁"),
        ],
        "community_corrections": [
            {"身份证号": C, "姓名": "丙", "矫正类别": "缓刑", "判决案号": c3["案号"],
             "矫正开始日期": "2023-05-01"},
        ],
    })  # fmt: skip


def test_a_path_through_two_cases_with_each_step_and_its_record(chain):
    found, paths = shortest_paths(chain, VOCABULARY, A, C, max_hops=4)
    assert len(paths) == 1
    steps = paths[0]
    assert [s.type for s in steps] == ["PARTY_IN"] * 4
    assert {s.role for s in steps} == {"犯罪嫌疑人", "被告人"}
    assert all(s.src_table == "case_parties" and s.src_row for s in steps)
    # Each step runs from a person to a case: the direction is the relationship's.
    assert all(s.source.startswith("Person:") and s.target.startswith("Case:") for s in steps)
    assert found.focus == {f"Person:{A}", f"Person:{C}"}
    assert {n.label for n in found.nodes.values()} == {"Person", "Case"}
    assert len(found.nodes) == 5 and len(found.edges) == 4


def test_max_hops_is_a_bound_on_both_sides(chain):
    assert shortest_paths(chain, VOCABULARY, A, C, max_hops=4)[1]
    found, paths = shortest_paths(chain, VOCABULARY, A, C, max_hops=3)
    assert paths == []
    assert any("3" in note for note in found.notes)


def test_unconnected_and_unknown_people_give_no_path_and_say_why(chain):
    found, paths = shortest_paths(chain, VOCABULARY, A, D)
    assert paths == [] and found.notes
    found, paths = shortest_paths(chain, VOCABULARY, A, symbol_id("@无此人"), lang="en")
    assert paths == [] and "not in the graph" in found.notes[0]
    found, paths = shortest_paths(chain, VOCABULARY, A, symbol_id("@无此人"))
    assert paths == [] and "不在图中" in found.notes[0]


def test_neighbourhood_grows_with_hops_and_goes_through_rosters(chain):
    one = neighborhood(chain, VOCABULARY, C, hops=1)
    two = neighborhood(chain, VOCABULARY, C, hops=2)
    assert {n.label for n in one.nodes.values()} == {"Person", "Case", "CorrectionPeriod"}
    assert f"Person:{B}" not in one.nodes and f"Person:{B}" in two.nodes
    assert f"Person:{A}" not in two.nodes
    assert one.focus == {f"Person:{C}"}
    keys = set(two.nodes)
    assert all(e.source in keys and e.target in keys for e in two.edges)


def test_a_capped_neighbourhood_says_what_it_left_out(chain):
    capped = neighborhood(chain, VOCABULARY, C, hops=2, limit=3)
    assert len(capped.nodes) == 3
    assert capped.omitted_nodes > 0 and capped.notes


def test_each_hop_starts_from_the_index_not_from_every_node(chain, engine):
    """Written as UNWIND + one pattern, FalkorDB planned a scan of every node for the far
    end of each hop: 10 s a key on a 1M-person graph (benchmarks/explore_speed.py)."""
    expand, _ = queries(VOCABULARY)
    for label, query in expand.items():
        plan = engine._graph.explain(query, {"keys": ["x"]}).plan  # FalkorDB's own plan
        assert any("Index Scan" in step for step in plan), (label, plan)
        assert not any("All Node Scan" in step for step in plan), (label, plan)
