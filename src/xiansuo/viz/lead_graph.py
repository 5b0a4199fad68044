"""A lead's subgraph: its persons and key cases, and the records around them, read from the graph.

From the lead's persons and cases (the focus) it takes every relationship (hop 1), then the
relationships of the cases and events found there (hop 2: their other parties, regions,
listings, completions). People found on the way are not expanded, nor are jurisdictions
(a county holds thousands of cases). Unresolved records bearing a focus person's name are
added with a dashed "same name" edge, so the investigator sees what might be theirs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache

from xiansuo.engines import GraphEngine, Row
from xiansuo.model.labels import CASE, PARTY_LABELS, REGION, SAME_NAME_TYPE, UNRESOLVED
from xiansuo.model.lead import Lead
from xiansuo.model.subgraph import GraphEdge, GraphNode, Subgraph
from xiansuo.model.texts import join, text
from xiansuo.model.vocabulary import Vocabulary

__all__ = [
    "BATCH", "add_rows", "expansion_queries", "lead_subgraph", "lead_subgraphs", "lead_texts",
    "read_relationships", "same_name_query",
]  # fmt: skip

# Leads whose subgraphs are read together; their keys go into one IN list per label.
BATCH = 200
Relationships = dict[tuple[str, str], list[Row]]
_NOT_EXPANDED = {*PARTY_LABELS, UNRESOLVED, REGION}


def _expansion(label: str, key: str, vocabulary: Vocabulary) -> str:
    return f"""
MATCH (a:{label})-[r]-(b)
WHERE a.{key} IN $keys
RETURN {vocabulary.node_key("a")} AS a, labels(a)[0] AS a_label, properties(a) AS a_props,
       {vocabulary.node_key("b")} AS b, labels(b)[0] AS label, properties(b) AS props,
       type(r) AS type, properties(r) AS rel, startNode(r) = a AS outgoing
"""


def same_name_query(vocabulary: Vocabulary) -> str:
    """Unresolved records bearing the name of one of the given persons."""
    return f"""
MATCH (p:Person) WHERE p.id_no IN $keys
MATCH (u:{UNRESOLVED} {{name: p.name}})
RETURN p.id_no AS person, {vocabulary.node_key("p")} AS a, {vocabulary.node_key("u")} AS b,
       labels(u)[0] AS label, properties(u) AS props
"""


@cache
def expansion_queries(vocabulary: Vocabulary) -> dict[str, tuple[str, str]]:
    """Per label: its key property and the query for every relationship of given nodes."""
    return {
        k.label: (k.property, _expansion(k.label, k.property, vocabulary))
        for k in vocabulary.node_keys
    }


def _add(graph: Subgraph, seen: set[str], edge: GraphEdge) -> None:
    identity = f"{edge.source}\x00{edge.target}\x00{edge.type}\x00{sorted(edge.properties.items())}"
    if identity not in seen:
        seen.add(identity)
        graph.edges.append(edge)


def _is_focus(node: GraphNode, lead: Lead) -> bool:
    if node.label in PARTY_LABELS:
        return node.properties.get("id_no") in lead.persons
    return node.label == CASE and node.properties.get("case_no") in lead.cases


def lead_texts(lead: Lead, lang: str, rule_title: str | None = None) -> tuple[str, list[str]]:
    """A lead page's title (the rule's, as the lead recorded it unless given) and the notes
    that say why the lead was raised."""
    notes = [
        lead.summary_in(lang),
        f"{text('page.persons', lang)}: {join(lead.persons, lang)}",
        f"{text('page.cases', lang)}: {join(lead.cases, lang)}",
    ]
    return f"{rule_title or lead.title} · {text('page.lead', lang)} {lead.lead_id}", notes


def read_relationships(
    engine: GraphEngine, vocabulary: Vocabulary, keys_by_label: dict[str, set[str]]
) -> Relationships:
    """Every relationship of the given nodes, one query per label, by (label, key) of the node."""
    queries = expansion_queries(vocabulary)
    found: Relationships = defaultdict(list)
    for label, values in keys_by_label.items():
        if label not in queries or not values:
            continue
        prop, query = queries[label]
        for row in engine.read(query, {"keys": sorted(values)}):
            found[(label, row["a_props"][prop])].append(row)
    return found


def add_rows(
    graph: Subgraph, seen: set[str], rows: Iterable[Row], vocabulary: Vocabulary
) -> dict[str, set[str]]:
    """Add relationships read by ``read_relationships``; returns the new nodes worth expanding."""
    queries = expansion_queries(vocabulary)
    found: dict[str, set[str]] = {}
    for row in rows:
        graph.nodes.setdefault(row["a"], GraphNode(row["a"], row["a_label"], row["a_props"]))
        if row["b"] not in graph.nodes:
            graph.nodes[row["b"]] = GraphNode(row["b"], row["label"], row["props"])
            if row["label"] not in _NOT_EXPANDED and row["label"] in queries:
                key = row["props"].get(queries[row["label"]][0])
                found.setdefault(row["label"], set()).add(key)
        ends = (row["a"], row["b"]) if row["outgoing"] else (row["b"], row["a"])
        _add(graph, seen, GraphEdge(*ends, row["type"], row["rel"]))
    return found


def _pick(found: Relationships, keys_by_label: dict[str, set[str]]) -> Iterator[Row]:
    for label, values in keys_by_label.items():
        for value in sorted(values):
            yield from found.get((label, value), ())


def _union(key_sets: Iterable[dict[str, set[str]]]) -> dict[str, set[str]]:
    union: dict[str, set[str]] = defaultdict(set)
    for keys_by_label in key_sets:
        for label, values in keys_by_label.items():
            union[label] |= values
    return union


def lead_subgraphs(
    engine: GraphEngine,
    vocabulary: Vocabulary,
    leads: Sequence[Lead],
    *,
    lang: str = "zh",
    rule_titles: Mapping[str, str] | None = None,
    batch: int = BATCH,
) -> Iterator[Subgraph]:
    """Each lead's subgraph (see the module docstring), not yet capped, in the leads' order.

    ``rule_titles`` (by rule id, in ``lang``) title the pages; else the lead's own title.

    The graph is read for a batch of leads at a time: a few queries per batch, not per lead.
    """
    for start in range(0, len(leads), batch):
        chunk = leads[start : start + batch]
        focus = [
            {label: set(lead.persons) for label in PARTY_LABELS} | {CASE: set(lead.cases)}
            for lead in chunk
        ]
        found = read_relationships(engine, vocabulary, _union(focus))
        graphs, seen, hop_one = [], [set[str]() for _ in chunk], []
        for lead, keys, edges in zip(chunk, focus, seen, strict=True):
            title, notes = lead_texts(lead, lang, (rule_titles or {}).get(lead.rule))
            graph = Subgraph(title, notes=notes)
            hop_one.append(add_rows(graph, edges, _pick(found, keys), vocabulary))
            graph.focus = {k for k, n in graph.nodes.items() if _is_focus(n, lead)}
            graphs.append(graph)
        found = read_relationships(engine, vocabulary, _union(hop_one))
        for graph, edges, keys in zip(graphs, seen, hop_one, strict=True):
            add_rows(graph, edges, _pick(found, keys), vocabulary)
        persons = sorted({person for lead in chunk for person in lead.persons})
        namesakes: dict[str, list[Row]] = defaultdict(list)
        for row in engine.read(same_name_query(vocabulary), {"keys": persons}):
            namesakes[row["person"]].append(row)
        unresolved = []
        for lead, graph, edges in zip(chunk, graphs, seen, strict=True):
            records = set()
            for row in (row for person in lead.persons for row in namesakes.get(person, ())):
                graph.nodes.setdefault(row["b"], GraphNode(row["b"], row["label"], row["props"]))
                _add(graph, edges, GraphEdge(row["a"], row["b"], SAME_NAME_TYPE, {}))
                records.add(row["props"]["id_no"])
            unresolved.append({UNRESOLVED: records})
        found = read_relationships(engine, vocabulary, _union(unresolved))
        for graph, edges, keys in zip(graphs, seen, unresolved, strict=True):
            add_rows(graph, edges, _pick(found, keys), vocabulary)
        yield from graphs


def lead_subgraph(
    engine: GraphEngine, vocabulary: Vocabulary, lead: Lead, *, lang: str = "zh"
) -> Subgraph:
    """One lead's subgraph; for many leads, ``lead_subgraphs`` reads the graph far less often."""
    return next(lead_subgraphs(engine, vocabulary, [lead], lang=lang))
