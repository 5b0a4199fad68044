"""Projections of the graph into networkx, pulled through the engine in one pass each."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from xiansuo.engines import GraphEngine

__all__ = [
    "CASES", "DEBTORS", "OFFENDERS", "OFFENDER_ROLES", "CaseRecord", "co_offender_network",
    "debtor_network", "person_case_graph", "pull_cases",
]  # fmt: skip

# Suspects and defendants only: a victim shares a case with its offender, not an offence.
OFFENDER_ROLES = ("犯罪嫌疑人", "被告人")

# The graph is read once, in one pass per question: the cases, then each relationship type
# as plain (case, party) pairs, joined here. Measured on 100k persons: a third of the
# server's time of pages of cases with their parties collected (each page filtered every
# case again).
CASES = """
MATCH (c:Case)
WHERE c.kind IN ['criminal', 'enforcement']
RETURN c.case_no AS case_no, c.kind AS kind, c.region_code AS region,
       c.filed_date AS filed, c.applicant AS applicant
"""
OFFENDERS = """
MATCH (p:Person)-[r:PARTY_IN]->(c:Case)
WHERE c.kind = 'criminal' AND r.role IN $roles
RETURN c.case_no AS case_no, p.id_no AS party
"""
DEBTORS = """
MATCH (d)-[:DEBTOR_IN]->(c:Case)
WHERE c.kind = 'enforcement' AND (d:Person OR d:Organization)
RETURN c.case_no AS case_no, d.id_no AS party
"""


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """A case as the projections see it: where, when, and who is in it."""

    case_no: str
    region: str | None
    filed: str | None
    parties: tuple[str, ...]
    applicants: tuple[str, ...] = ()


def pull_cases(engine: GraphEngine) -> tuple[list[CaseRecord], list[CaseRecord]]:
    """The criminal cases with their suspects and defendants, and the enforcement cases with
    their debtors (people and organisations) and applicant; each list by case number."""
    parties: dict[str, dict[str, set[str]]] = {"criminal": {}, "enforcement": {}}
    for kind, query, params in (
        ("criminal", OFFENDERS, {"roles": list(OFFENDER_ROLES)}),
        ("enforcement", DEBTORS, {}),
    ):
        of_case = parties[kind]
        for row in engine.read(query, params):
            of_case.setdefault(row["case_no"], set()).add(row["party"])
    found: dict[str, list[CaseRecord]] = {"criminal": [], "enforcement": []}
    for row in engine.read(CASES):
        kind, case_no, applicant = row["kind"], row["case_no"], row["applicant"]
        found[kind].append(
            CaseRecord(
                case_no,
                row["region"],
                row["filed"],
                tuple(sorted(parties[kind].get(case_no, ()))),
                (applicant,) if kind == "enforcement" and applicant is not None else (),
            )
        )
    for records in found.values():
        records.sort(key=lambda record: record.case_no)
    return found["criminal"], found["enforcement"]


def co_offender_network(cases: list[CaseRecord]) -> nx.Graph:
    """People as nodes (every offender, even alone); an edge per pair sharing cases, weighted
    by how many."""
    graph: nx.Graph = nx.Graph()
    for case in cases:
        graph.add_nodes_from(case.parties)
        for a, b in combinations(case.parties, 2):
            weight = graph.edges[a, b]["weight"] + 1 if graph.has_edge(a, b) else 1
            graph.add_edge(a, b, weight=weight)
    return graph


def person_case_graph(cases: list[CaseRecord]) -> nx.Graph:
    """The bipartite graph of offenders (``bipartite=0``) and their cases (``bipartite=1``)."""
    graph: nx.Graph = nx.Graph()
    for case in cases:
        graph.add_node(case.case_no, bipartite=1, region=case.region, filed=case.filed)
        for party in case.parties:
            graph.add_node(party, bipartite=0)
            graph.add_edge(party, case.case_no)
    return graph


def debtor_network(cases: list[CaseRecord]) -> nx.Graph:
    """Debtors linked through shared enforcement cases, and through their applicants.

    An applicant is a name only (never identified), so it is a node of its own
    (``applicant:<name>``) rather than a clique of its debtors: a bank with thousands of
    debtors would otherwise add millions of edges.
    """
    graph: nx.Graph = nx.Graph()
    for case in cases:
        graph.add_nodes_from(case.parties, kind="debtor")
        for a, b in combinations(case.parties, 2):
            graph.add_edge(a, b)
        for applicant in case.applicants:
            for party in case.parties:
                graph.add_edge(party, f"applicant:{applicant}")
                graph.nodes[f"applicant:{applicant}"]["kind"] = "applicant"
    return graph
