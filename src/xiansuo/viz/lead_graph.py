"""A lead's subgraph: its persons and key cases, and the records around them, read from the graph.

From the lead's persons and cases (the focus) it takes every relationship (hop 1), then the
relationships of the cases and events found there (hop 2: their other parties, regions,
listings, completions). People found on the way are not expanded, nor are jurisdictions
(a county holds thousands of cases). Unresolved records bearing a focus person's name are
added with a dashed "same name" edge, so the investigator sees what might be theirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from xiansuo.engines import GraphEngine
from xiansuo.graph_loader import load_mappings
from xiansuo.graph_loader.mapping import PARTY_LABELS, UNRESOLVED_LABEL
from xiansuo.graph_loader.statements import node_keys
from xiansuo.queries.lead import Lead
from xiansuo.viz.style import SAME_NAME_TYPE
from xiansuo.viz.subgraph import GraphEdge, GraphNode, Subgraph, node_key

__all__ = ["SAME_NAME", "add_relationships", "expansion_queries", "lead_subgraph", "lead_texts"]

SAME_NAME = f"""
MATCH (p:Person) WHERE p.id_no IN $keys
MATCH (u:{UNRESOLVED_LABEL} {{name: p.name}})
RETURN {node_key("p")} AS a, {node_key("u")} AS b, labels(u)[0] AS label, properties(u) AS props
"""
_NOT_EXPANDED = {*PARTY_LABELS, UNRESOLVED_LABEL, "Jurisdiction"}


def _expansion(label: str, key: str) -> str:
    return f"""
MATCH (a:{label})-[r]-(b)
WHERE a.{key} IN $keys
RETURN {node_key("a")} AS a, labels(a)[0] AS a_label, properties(a) AS a_props,
       {node_key("b")} AS b, labels(b)[0] AS label, properties(b) AS props, type(r) AS type,
       properties(r) AS rel, startNode(r) = a AS outgoing
"""


@cache
def expansion_queries() -> dict[str, tuple[str, str]]:
    """Per label: its key property and the query for every relationship of given nodes."""
    return {
        k.label: (k.property, _expansion(k.label, k.property)) for k in node_keys(load_mappings())
    }


def _add(graph: Subgraph, seen: set[str], edge: GraphEdge) -> None:
    identity = f"{edge.source}\x00{edge.target}\x00{edge.type}\x00{sorted(edge.properties.items())}"
    if identity not in seen:
        seen.add(identity)
        graph.edges.append(edge)


def _is_focus(node: GraphNode, lead: Lead) -> bool:
    if node.label in PARTY_LABELS:
        return node.properties.get("id_no") in lead.persons
    return node.label == "Case" and node.properties.get("case_no") in lead.cases


def lead_texts(lead: Lead, lang: str) -> tuple[str, list[str]]:
    """A lead page's title and the notes that say why the lead was raised."""
    summary = lead.summary if lang == "zh" else lead.summary_en
    label = {"zh": ("线索", "人员", "案件"), "en": ("lead", "persons", "cases")}[lang]
    notes = [
        summary,
        f"{label[1]}: {'、'.join(lead.persons)}",
        f"{label[2]}: {'、'.join(lead.cases)}",
    ]
    return f"{lead.title} · {label[0]} {lead.lead_id}", notes


def add_relationships(
    engine: GraphEngine, graph: Subgraph, seen: set[str], keys_by_label: dict[str, set[str]]
) -> dict[str, set[str]]:
    """Add every relationship of the given nodes; returns the new nodes worth expanding."""
    queries = expansion_queries()
    found: dict[str, set[str]] = {}
    for label, values in keys_by_label.items():
        if label not in queries or not values:
            continue
        for row in engine.read(queries[label][1], {"keys": sorted(values)}):
            graph.nodes.setdefault(row["a"], GraphNode(row["a"], row["a_label"], row["a_props"]))
            if row["b"] not in graph.nodes:
                graph.nodes[row["b"]] = GraphNode(row["b"], row["label"], row["props"])
                if row["label"] not in _NOT_EXPANDED and row["label"] in queries:
                    key = row["props"].get(queries[row["label"]][0])
                    found.setdefault(row["label"], set()).add(key)
            ends = (row["a"], row["b"]) if row["outgoing"] else (row["b"], row["a"])
            _add(graph, seen, GraphEdge(*ends, row["type"], row["rel"]))
    return found


def lead_subgraph(
    engine: GraphEngine, lead: Lead, *, lang: str = "zh", notes: Iterable[str] = ()
) -> Subgraph:
    """The lead's focus and context (see the module docstring), not yet capped."""
    title, lead_notes = lead_texts(lead, lang)
    graph = Subgraph(title, notes=[*lead_notes, *notes])
    seen: set[str] = set()
    focus = {label: set(lead.persons) for label in PARTY_LABELS} | {"Case": set(lead.cases)}
    hop_one = add_relationships(engine, graph, seen, focus)
    graph.focus = {k for k, n in graph.nodes.items() if _is_focus(n, lead)}
    add_relationships(engine, graph, seen, hop_one)
    unresolved: set[str] = set()
    for row in engine.read(SAME_NAME, {"keys": list(lead.persons)}):
        graph.nodes.setdefault(row["b"], GraphNode(row["b"], row["label"], row["props"]))
        _add(graph, seen, GraphEdge(row["a"], row["b"], SAME_NAME_TYPE, {}))
        unresolved.add(row["props"]["id_no"])
    add_relationships(engine, graph, seen, {UNRESOLVED_LABEL: unresolved})
    return graph
