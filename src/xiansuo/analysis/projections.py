"""Projections of the graph into networkx, pulled through the engine in pages of cases."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from xiansuo.engines import GraphEngine, Row

__all__ = [
    "CRIMINAL_CASES", "ENFORCEMENT_CASES", "OFFENDER_ROLES", "PAGE", "CaseRecord",
    "co_offender_network", "criminal_cases", "debtor_network", "enforcement_cases", "pages",
    "person_case_graph",
]  # fmt: skip

PAGE = 20_000
# Suspects and defendants only: a victim shares a case with its offender, not an offence.
OFFENDER_ROLES = ("犯罪嫌疑人", "被告人")

# Pages are key ranges over case numbers (ORDER BY + LIMIT on the key, resumed after the
# last one), so a page boundary never splits a case. `toString()` keeps FalkorDB off its
# index for the range: the index compares strings otherwise than ORDER BY does (measured:
# it skips '(2023)川18刑初4号' after '(2023)川1802刑初1号'), which would lose cases.
CRIMINAL_CASES = """
MATCH (c:Case)
WHERE c.kind = 'criminal' AND toString(c.case_no) > $after
WITH c ORDER BY c.case_no LIMIT $limit
OPTIONAL MATCH (p:Person)-[r:PARTY_IN]->(c)
WHERE r.role IN $roles
RETURN c.case_no AS key, c.region_code AS region, c.filed_date AS filed,
       collect(DISTINCT p.id_no) AS parties, [] AS applicants
ORDER BY key
"""
ENFORCEMENT_CASES = """
MATCH (c:Case)
WHERE c.kind = 'enforcement' AND toString(c.case_no) > $after
WITH c ORDER BY c.case_no LIMIT $limit
OPTIONAL MATCH (d)-[:DEBTOR_IN]->(c)
WHERE d:Person OR d:Organization
RETURN c.case_no AS key, c.region_code AS region, c.filed_date AS filed,
       collect(DISTINCT d.id_no) AS parties,
       CASE WHEN c.applicant IS NULL THEN [] ELSE [c.applicant] END AS applicants
ORDER BY key
"""


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """A case as the projections see it: where, when, and who is in it."""

    case_no: str
    region: str | None
    filed: str | None
    parties: tuple[str, ...]
    applicants: tuple[str, ...] = ()


def pages(
    engine: GraphEngine,
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    page: int = PAGE,
) -> Iterator[Row]:
    """Every row of a query that takes ``$after``/``$limit`` and returns ordered ``key``."""
    after = ""
    while True:
        rows = engine.read(query, {**(params or {}), "after": after, "limit": page})
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1]["key"]


def _records(rows: Iterator[Row]) -> list[CaseRecord]:
    return [
        CaseRecord(
            r["key"], r["region"], r["filed"], tuple(sorted(r["parties"])), tuple(r["applicants"])
        )
        for r in rows
    ]


def criminal_cases(engine: GraphEngine, *, page: int = PAGE) -> list[CaseRecord]:
    """Criminal cases with their suspects and defendants."""
    return _records(pages(engine, CRIMINAL_CASES, {"roles": list(OFFENDER_ROLES)}, page=page))


def enforcement_cases(engine: GraphEngine, *, page: int = PAGE) -> list[CaseRecord]:
    """Enforcement cases with their debtors (people and organisations) and applicant."""
    return _records(pages(engine, ENFORCEMENT_CASES, page=page))


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
