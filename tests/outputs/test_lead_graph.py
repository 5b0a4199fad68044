"""A lead's subgraph: focus, context from the graph, same-name unresolved records, batches."""

from __future__ import annotations

from conftest import CASE_A, CASE_B, PERSON, STRANGER

from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.model.lead import read_leads
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.viz.lead_graph import expansion_queries, lead_subgraph, lead_subgraphs

VOCABULARY = Vocabulary.load()


def test_lead_subgraph_has_focus_regions_and_the_unresolved_namesake(small_run):
    (lead,) = read_leads(small_run / "leads.jsonl")
    with FalkorEngine(small_run / "graph" / "xiansuo.db") as engine:
        graph = lead_subgraph(engine, VOCABULARY, lead)

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


def test_every_label_the_mappings_write_can_be_expanded():
    queries = expansion_queries(VOCABULARY)
    assert {"Person", "Organization", "UnresolvedParty", "Case", "Jurisdiction"} <= set(queries)
    assert queries["CorrectionPeriod"][0] == "event_key" and queries["Case"][0] == "case_no"


def test_reading_leads_in_batches_gives_each_lead_its_own_subgraph(_sample_run):
    leads = read_leads(_sample_run / "leads.jsonl")[::5]
    with FalkorEngine(_sample_run / "graph" / "xiansuo.db") as engine:
        batched = list(lead_subgraphs(engine, VOCABULARY, leads, batch=7))
        alone = [lead_subgraph(engine, VOCABULARY, lead) for lead in leads]

    def shape(graph):
        edges = sorted((e.source, e.target, e.type, str(e.properties)) for e in graph.edges)
        return sorted(graph.nodes), edges, sorted(graph.focus), graph.notes

    assert [shape(g) for g in batched] == [shape(g) for g in alone]
    assert len({len(g.nodes) for g in alone}) > 3  # the leads differ
