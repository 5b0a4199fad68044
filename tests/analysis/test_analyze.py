"""Projections, communities, key people and what the analysis writes back to the graph."""

from __future__ import annotations

import networkx as nx
import pytest
from small_graphs import CITY, X, Y, Z, case, load, party

from xiansuo.analysis import communities
from xiansuo.analysis.analyze import analyze
from xiansuo.analysis.communities import centrality
from xiansuo.analysis.projections import (
    CaseRecord,
    co_offender_network,
    debtor_network,
    pull_cases,
)
from xiansuo.pipeline.rule_tests import symbol_id

PROPS = """
MATCH (p:Person)
RETURN p.id_no AS id, p.community AS community, p.community_size AS size,
       p.community_regions AS regions, p.degree AS degree, p.betweenness AS betweenness
"""


def _ids(*symbols: str) -> set[str]:
    return {symbol_id(s) for s in symbols}


@pytest.fixture
def two_groups(engine, tmp_path):
    """甲乙丙 share cases in three counties; 丁戊 one case; 己 is 甲's victim only."""
    c1, c2, c3, c4 = case(1, X), case(2, Y), case(3, Z), case(4, CITY)
    return load(engine, tmp_path, {
        "criminal_cases": [c1, c2, c3, c4],
        "case_parties": [
            party(c1, "@甲"), party(c1, "@乙"), party(c1, "@丙"), party(c2, "@甲"),
            party(c2, "@乙"), party(c3, "@乙"), party(c3, "@丙"), party(c4, "@丁"),
            party(c4, "@戊", "被告人"), party(c1, "@己", "被害人"),
        ],
    })  # fmt: skip


def test_co_offenders_are_weighted_by_shared_cases_and_victims_left_out(two_groups):
    graph = co_offender_network(pull_cases(two_groups)[0])
    a, b, c, d, e = (symbol_id(s) for s in ("@甲", "@乙", "@丙", "@丁", "@戊"))
    assert set(graph) == {a, b, c, d, e}
    assert graph.edges[a, b]["weight"] == 2
    assert graph.edges[a, c]["weight"] == 1
    assert graph.edges[d, e]["weight"] == 1


def test_every_case_is_pulled_once_with_each_offender_once(engine, tmp_path):
    c1, c2 = case(1, X), case(2, Y)
    graph = load(engine, tmp_path, {
        "criminal_cases": [c2, c1],
        # 甲 is suspect and defendant of c1; c2 has a victim only.
        "case_parties": [party(c1, "@甲"), party(c1, "@甲", "被告人"), party(c1, "@乙"),
                         party(c2, "@丙", "被害人")],
    })  # fmt: skip
    criminal, enforcement = pull_cases(graph)
    assert [(r.case_no, r.region, r.parties) for r in criminal] == sorted([
        (c1["案号"], X, tuple(sorted(_ids("@甲", "@乙")))),
        (c2["案号"], Y, ()),
    ])  # fmt: skip
    assert enforcement == []


def test_analysis_writes_community_size_regions_and_centrality(two_groups):
    found = analyze(two_groups)
    rows = {r["id"]: r for r in two_groups.read(PROPS)}
    gang, pair = _ids("@甲", "@乙", "@丙"), _ids("@丁", "@戊")
    assert len({rows[p]["community"] for p in gang}) == 1
    assert len({rows[p]["community"] for p in gang | pair}) == 2
    assert all(rows[p]["size"] == 3 and rows[p]["regions"] == 3 for p in gang)
    # The intermediate court's code is a city, not a county.
    assert all(rows[p]["size"] == 2 and rows[p]["regions"] == 0 for p in pair)
    assert rows[symbol_id("@己")]["community"] is None  # a victim only
    assert rows[symbol_id("@乙")]["degree"] == 2
    assert found.written == 5
    top = found.top_communities(1)[0]
    assert set(top.members) == gang
    assert top.first_filed == "2023-01-01" and top.last_filed == "2023-01-03"


def test_the_same_graph_gives_the_same_communities(two_groups):
    assert analyze(two_groups).to_json() | {"seconds": 0} == (
        analyze(two_groups).to_json() | {"seconds": 0}
    )


def test_a_broker_between_two_groups_has_the_highest_betweenness():
    graph = nx.barbell_graph(4, 1)  # two cliques joined through node 4
    scores = centrality(graph)
    assert max(scores, key=scores.get) == 4
    assert scores[0] == scores[1] < scores[3] < scores[4]


def test_large_components_are_sampled_deterministically(monkeypatch):
    graph = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=1)
    exact = centrality(graph)
    monkeypatch.setattr(communities, "EXACT_LIMIT", 20)
    sampled = centrality(graph)
    assert sampled == centrality(graph)
    assert sampled != exact
    # A sample still finds the most central people of the exact ranking near the top.
    top = sorted(exact, key=exact.get, reverse=True)[:5]
    assert set(top) & set(sorted(sampled, key=sampled.get, reverse=True)[:10])


def test_debtors_link_through_shared_cases_and_applicants():
    cases = [
        CaseRecord("(2023)川1802执1号", X, None, ("A", "B"), ("某银行",)),
        CaseRecord("(2023)川1802执2号", X, None, ("C",), ("某银行",)),
        CaseRecord("(2023)川1802执3号", X, None, ("D",), ("某公司",)),
    ]
    graph = debtor_network(cases)
    assert graph.has_edge("A", "B")
    assert nx.has_path(graph, "A", "C")
    assert not nx.has_path(graph, "A", "D")
    # An applicant is one node, not a clique of its debtors.
    assert not graph.has_edge("A", "C")
    assert graph.nodes["applicant:某银行"]["kind"] == "applicant"
