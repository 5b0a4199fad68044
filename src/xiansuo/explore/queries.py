"""The explorer's Cypher: finding parties and cases, a node, its neighbours a page at a time.

Labels and properties come from the vocabulary (the mappings), never from a request;
values are always parameters. ``texts`` lists every query with its parameters, for the
test that runs them through Neo4j's linter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from xiansuo.model.labels import CASE, NAME, PARTY_LABELS, PERSON, REGION
from xiansuo.model.vocabulary import Vocabulary

__all__ = [
    "CASE_BY_NUMBER", "PARTY_NAMES", "REGIONS", "ExploreQueries", "explore_queries", "starting",
]  # fmt: skip


def starting(start: str) -> dict[str, str]:
    """The range of texts that begin with ``start``: from it to just past its last character.

    >>> starting("张")
    {'start': '张', 'end': '弡'}
    """
    return {"start": start, "end": start[:-1] + chr(ord(start[-1]) + 1)}


CASE_BY_NUMBER = f"""
MATCH (c:{CASE} {{case_no: $case}})
RETURN c.case_no AS case, c.kind AS kind, c.cause AS cause, c.basis AS basis
"""
PARTY_NAMES = f"""
UNWIND $ids AS id
MATCH (p:{PERSON} {{id_no: id}})
RETURN p.id_no AS id, p.{NAME} AS name
"""
REGIONS = f"""
MATCH (j:{REGION})
RETURN j.code AS code, j.name AS name, j.level AS level
"""


@dataclass(frozen=True)
class ExploreQueries:
    """The queries per label (parties: by ID, name, beginning of a name, masked ID; any
    label: nodes by key, one node's neighbours a page at a time, how many it has)."""

    party_by_id: dict[str, str]
    party_by_name: dict[str, str]
    party_by_name_start: dict[str, str]
    party_by_id_pattern: dict[str, str]
    nodes: dict[str, str]
    neighbours: dict[str, str]
    degree: dict[str, str]

    def texts(self) -> list[tuple[str, str, dict[str, str]]]:
        """Every query with a name and its parameters' types, for the linter."""
        string, integer = "STRING", "INTEGER"
        kinds = {
            "party_by_id": {"id": string},
            "party_by_name": {"name": string, "limit": integer},
            "party_by_name_start": {"start": string, "end": string, "limit": integer},
            "party_by_id_pattern": {
                "start": string,
                "end": string,
                "suffix": string,
                "limit": integer,
            },
            "nodes": {"keys": "LIST<STRING>"},
            "neighbours": {"key": string, "skip": integer, "limit": integer},
            "degree": {"key": string, "most": integer},
        }
        found = [
            (f"explore/{kind}/{label}", query, params)
            for kind, params in kinds.items()
            for label, query in getattr(self, kind).items()
        ]
        found += [("explore/case", CASE_BY_NUMBER, {"case": string})]
        found += [("explore/names", PARTY_NAMES, {"ids": "LIST<STRING>"})]
        return [*found, ("explore/regions", REGIONS, {})]


def _party(label: str, key: str) -> str:
    return f"p.{key} AS id, p.{NAME} AS name, labels(p)[0] AS label"


@cache
def explore_queries(vocabulary: Vocabulary) -> ExploreQueries:
    """The queries for the labels of this vocabulary."""
    parties = {label: vocabulary.key_of[label] for label in PARTY_LABELS}
    returned = {label: _party(label, key) for label, key in parties.items()}
    by_id = {
        label: f"MATCH (p:{label} {{{key}: $id}})\nRETURN {returned[label]}"
        for label, key in parties.items()
    }
    by_name = {
        label: f"MATCH (p:{label} {{{NAME}: $name}})\nRETURN {returned[label]}\n"
        f"ORDER BY id LIMIT $limit"
        for label in parties
    }
    # A beginning as a range, [start, end), which both engines answer from the index (a
    # STARTS WITH alone scans every node on FalkorDB); STARTS WITH keeps the range honest.
    by_start = {
        label: f"MATCH (p:{label})\n"
        f"WHERE p.{NAME} >= $start AND p.{NAME} < $end AND p.{NAME} STARTS WITH $start\n"
        f"RETURN {returned[label]}\nLIMIT $limit"
        for label in parties
    }
    by_pattern = {
        label: f"MATCH (p:{label})\n"
        f"WHERE p.{key} >= $start AND p.{key} < $end AND p.{key} STARTS WITH $start\n"
        f"  AND p.{key} ENDS WITH $suffix\n"
        f"RETURN {returned[label]}\nLIMIT $limit"
        for label, key in parties.items()
    }
    keys = {k.label: k.property for k in vocabulary.node_keys}
    nodes = {
        label: f"UNWIND $keys AS k\nMATCH (n:{label} {{{key}: k}})\n"
        f"RETURN {vocabulary.node_key('n')} AS key, labels(n)[0] AS label, properties(n) AS props"
        for label, key in keys.items()
    }
    # In the order the engine keeps them (stable while the graph file or database is not
    # rewritten), so the same node shows the same first page every time and "show more"
    # goes on where it stopped. Ordering them instead costs a sort of every neighbour: 300 ms
    # for a county of 16,000 records on a 1M-person graph, for the 50 shown.
    neighbours = {
        label: f"""
MATCH (n:{label} {{{key}: $key}})-[r]-(m)
RETURN type(r) AS type, startNode(r) = n AS outgoing, properties(r) AS rel,
       labels(m)[0] AS label, {vocabulary.node_key("m")} AS key, properties(m) AS props
SKIP $skip LIMIT $limit
"""
        for label, key in keys.items()
    }
    # Counted up to $most: a county's 16,000 records take 100 ms to count, 2,000 take 12.
    degree = {
        label: f"MATCH (n:{label} {{{key}: $key}})-[r]-()\n"
        f"WITH r LIMIT $most\nRETURN count(r) AS degree"
        for label, key in keys.items()
    }
    return ExploreQueries(by_id, by_name, by_start, by_pattern, nodes, neighbours, degree)
