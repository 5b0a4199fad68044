"""Every Cypher text the engines can send passes Neo4j's own linter, warnings included."""

from __future__ import annotations

from xiansuo.analysis.paths import queries
from xiansuo.analysis.person import PERSON, RECORDS, SAME_NAME_UNRESOLVED
from xiansuo.analysis.priority import NETWORK
from xiansuo.analysis.projections import CRIMINAL_CASES, ENFORCEMENT_CASES
from xiansuo.analysis.summary import NODES, RELATIONSHIPS
from xiansuo.analysis.writeback import WRITE_PERSONS
from xiansuo.engines.base import NodeKey
from xiansuo.engines.neo4j import CLEAR_STATEMENT, constraint_statement, index_statement
from xiansuo.explore.queries import explore_queries
from xiansuo.graph_loader.statements import PARAMETERS, all_statements
from xiansuo.model.labels import ANALYSIS_PROPERTIES
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.lint import CypherText, lint_cypher
from xiansuo.queries.schema import graph_schema
from xiansuo.viz.lead_graph import expansion_queries, same_name_query


def test_loader_schema_and_summary_statements_lint_clean():
    vocabulary = Vocabulary.load()
    texts = [
        CypherText(key, text, PARAMETERS)
        for key, text in all_statements(vocabulary.mappings).items()
    ]
    texts += [
        CypherText(f"schema/{k.label}", constraint_statement(k)) for k in vocabulary.node_keys
    ]
    texts += [
        CypherText(f"index/{k.label}.{k.property}", index_statement(k))
        for k in vocabulary.name_indexes
    ]
    texts += [CypherText("summary/nodes", NODES), CypherText("summary/rels", RELATIONSHIPS)]
    texts += [CypherText("clear", CLEAR_STATEMENT)]
    texts += [
        CypherText("person/node", PERSON, {"id": "STRING"}),
        CypherText("person/records", RECORDS, {"id": "STRING"}),
        CypherText("person/unresolved", SAME_NAME_UNRESOLVED, {"name": "STRING"}),
        CypherText("lead_graph/same_name", same_name_query(vocabulary), {"keys": "LIST<STRING>"}),
    ]
    texts += [
        CypherText(f"lead_graph/{label}", query, {"keys": "LIST<STRING>"})
        for label, (_, query) in expansion_queries(vocabulary).items()
    ]

    issues = lint_cypher(texts, graph_schema(vocabulary))

    assert issues == []
    assert len(texts) > 40  # every table, optional node and party label combination


def test_analysis_statements_lint_clean():
    vocabulary = Vocabulary.load()
    expand, start = queries(vocabulary)
    page = {"after": "STRING", "limit": "INTEGER"}
    texts = [
        CypherText("analysis/criminal", CRIMINAL_CASES, {**page, "roles": "LIST<STRING>"}),
        CypherText("analysis/enforcement", ENFORCEMENT_CASES, page),
        CypherText("analysis/write", WRITE_PERSONS, {"rows": "LIST<MAP>"}),
        CypherText("analysis/priority", NETWORK, {"ids": "LIST<STRING>"}),
    ]
    texts += [
        CypherText(f"paths/expand/{k}", q, {"keys": "LIST<STRING>"}) for k, q in expand.items()
    ]
    texts += [CypherText(f"paths/start/{k}", q, {"id": "STRING"}) for k, q in start.items()]

    assert lint_cypher(texts, graph_schema(vocabulary)) == []
    assert len(expand) == 8  # parties, cases and the five kinds of event


def test_the_schema_knows_the_analysis_properties():
    schema = graph_schema(Vocabulary.load())
    uses = " ".join(f"p.{name} AS {name}," for name in ANALYSIS_PROPERTIES)
    query = CypherText("uses", f"MATCH (p:Person) RETURN {uses} p.comunity AS typo")
    issues = lint_cypher([query], schema)
    assert [i.severity for i in issues] == ["warning"]
    assert "comunity" in issues[0].message


def test_the_schema_makes_the_linter_flag_typos():
    typo = CypherText("typo", "MATCH (p:Persn)-[:PARTY_IN]->(c:Case) RETURN p.id_no, c.case_no")
    issues = lint_cypher([typo], graph_schema(Vocabulary.load()))
    assert [i.severity for i in issues] == ["warning"]
    assert "Persn" in issues[0].message


def test_constraint_names_are_stable_identifiers():
    assert constraint_statement(NodeKey("Person", "id_no")) == (
        "CREATE CONSTRAINT xiansuo_person_id_no IF NOT EXISTS "
        "FOR (n:Person) REQUIRE n.id_no IS UNIQUE"
    )


def test_the_explorers_statements_lint_clean():
    vocabulary = Vocabulary.load()
    texts = [
        CypherText(name, text, params) for name, text, params in explore_queries(vocabulary).texts()
    ]

    assert lint_cypher(texts, graph_schema(vocabulary)) == []
    assert len(texts) > 40  # per party label and per label, and the few of their own
