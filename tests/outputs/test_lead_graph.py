"""A lead's subgraph: focus, context from the graph, same-name unresolved records; lint-clean."""

from __future__ import annotations

from conftest import CASE_A, CASE_B, PERSON, STRANGER

from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_mappings
from xiansuo.queries.lead import read_leads
from xiansuo.queries.lint import CypherText, lint_cypher
from xiansuo.queries.schema import graph_schema
from xiansuo.viz.lead_graph import SAME_NAME, expansion_queries, lead_subgraph


def test_lead_subgraph_has_focus_regions_and_the_unresolved_namesake(small_run):
    (lead,) = read_leads(small_run / "leads.jsonl")
    with FalkorEngine(small_run / "graph" / "xiansuo.db") as engine:
        graph = lead_subgraph(engine, lead)

    assert graph.focus == {f"Person:{PERSON}", f"Case:{CASE_A}", f"Case:{CASE_B}"}
    labels = sorted(node.label for node in graph.nodes.values())
    assert labels == ["Case", "Case", "Jurisdiction", "Jurisdiction", "Person", "UnresolvedParty"]
    edges = sorted((e.type, e.source.split(":")[0], e.target.split(":")[0]) for e in graph.edges)
    assert edges == [
        ("IN_REGION", "Case", "Jurisdiction"), ("IN_REGION", "Case", "Jurisdiction"),
        ("PARTY_IN", "Person", "Case"), ("PARTY_IN", "Person", "Case"),
        ("PARTY_IN", "UnresolvedParty", "Case"), ("SAME_NAME", "Person", "UnresolvedParty"),
    ]  # fmt: skip
    unresolved = next(e for e in graph.edges if e.source.startswith("UnresolvedParty"))
    assert unresolved.properties["claimed_id"] == STRANGER
    assert unresolved.properties["src_table"] == "case_parties"
    assert lead.summary in graph.notes


def test_lead_graph_queries_lint_clean_on_neo4j():
    texts = [CypherText(f"lead_graph/{label}", query, {"keys": "LIST<STRING>"})
             for label, (_, query) in expansion_queries().items()]  # fmt: skip
    texts.append(CypherText("lead_graph/same_name", SAME_NAME, {"keys": "LIST<STRING>"}))

    assert lint_cypher(texts, graph_schema(load_mappings())) == []
    assert {"Person", "Case", "UnresolvedParty", "Jurisdiction"} <= set(expansion_queries())
