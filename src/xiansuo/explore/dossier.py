"""A lead's dossier: why it was raised (the rule, its legal basis, what to rule out, the
facts the rule returned), how urgent it is, on which records it rests, and its graph."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from xiansuo.explore.layout import layout
from xiansuo.explore.views import Drawing
from xiansuo.explore.workspace import Loaded
from xiansuo.model.labels import MATCH_PROPERTIES, PARTY_LABELS, REGION
from xiansuo.model.lead import Lead
from xiansuo.model.severity import severity_name
from xiansuo.model.subgraph import Subgraph
from xiansuo.model.texts import text
from xiansuo.outputs.history import Change
from xiansuo.outputs.register import RegisterEntry, status_name
from xiansuo.viz.cap import cap_subgraph
from xiansuo.viz.lead_graph import lead_subgraph
from xiansuo.viz.page import MAX_NODES
from xiansuo.viz.style import node_label

__all__ = ["decision", "dossier", "evidence", "laid_out"]


def laid_out(drawing: Drawing, found: Subgraph, max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """A subgraph capped to what reads, laid out (the same way every time), for the browser."""
    shown = cap_subgraph(found, max_nodes)
    positions = layout(shown.nodes, ((e.source, e.target) for e in shown.edges))
    return drawing.graph(shown, positions)


def _describe(drawing: Drawing, found: Subgraph, key: str) -> str:
    node = found.nodes[key]
    value = key.partition(":")[2]
    label = node_label(node.label, value, node.properties, drawing.lang, drawing.vocabulary)
    return label.replace("\n", " ")


def evidence(drawing: Drawing, found: Subgraph) -> list[dict[str, Any]]:
    """The records the lead rests on: each relationship of its persons and cases, and each
    record at their other end, with its source table and row and how its party was matched.
    """
    vocabulary, lang = drawing.vocabulary, drawing.lang
    rows: dict[tuple, dict[str, Any]] = {}

    def add(owner: str, props: dict[str, Any], what: str) -> None:
        if not props.get("src_table"):
            return
        where = (str(props["src_table"]), str(props.get("src_file") or ""), props.get("src_row"))
        match = props.get(MATCH_PROPERTIES[0])
        rows.setdefault(
            where,
            {
                "table": vocabulary.table_title(where[0], lang),
                "file": where[1],
                "row": where[2],
                "record": what,
                "match": vocabulary.value_name(match, lang) if match else "",
                "claimed_id": str(props.get(MATCH_PROPERTIES[1]) or ""),
            },
        )

    for key in sorted(found.focus):
        node = found.nodes[key]
        if node.label not in PARTY_LABELS:  # a party's records are its relationships
            add(node.label, node.properties, _describe(drawing, found, key))
    for edge in found.edges:
        ends = (edge.source, edge.target)
        if not any(end in found.focus for end in ends):
            continue
        kind = drawing.vocabulary.type_name(edge.type, lang)
        role = (
            vocabulary.value_name(edge.properties["role"], lang)
            if edge.properties.get("role")
            else kind
        )
        what = f"{_describe(drawing, found, ends[0])} —{role}→ {_describe(drawing, found, ends[1])}"
        add(edge.type, edge.properties, what)
        for end in ends:
            node = found.nodes[end]
            if end not in found.focus and node.label not in (*PARTY_LABELS, REGION):
                add(node.label, node.properties, _describe(drawing, found, end))
    return sorted(rows.values(), key=lambda r: (r["table"], r["file"], r["row"] or 0))


def decision(entry: RegisterEntry | None, history: list[Change], lang: str) -> dict[str, Any]:
    """Where the lead stands in the register, and how it got there."""
    changes = [
        {
            **asdict(c),
            "old_name": status_name(c.old, lang) if c.field == "status" else c.old,
            "new_name": status_name(c.new, lang) if c.field == "status" else c.new,
            "field_name": text(f"workbook.{c.field}", lang),
        }
        for c in history
    ]
    if entry is None:
        return {"entry": None, "history": changes}
    shown = {**asdict(entry), "status_name": status_name(entry.status, lang)}
    return {"entry": shown, "history": changes}


def dossier(
    loaded: Loaded,
    lead: Lead,
    entry: RegisterEntry | None,
    history: list[Change],
    lang: str,
) -> dict[str, Any]:
    """Everything the dossier page shows of one lead."""
    drawing = loaded.drawing
    rule = loaded.rules.get(lead.rule)
    found = lead_subgraph(loaded.graph, drawing.vocabulary, lead, lang=lang)
    # The rule's returned columns, under the Chinese names its file gives them.
    columns = rule.returns if rule else {column: column for column in lead.details}
    titles = {column: title if lang == "zh" else column for column, title in columns.items()}
    facts = [
        [title, drawing.value(lead.rule, column, lead.details[column])]
        for column, title in titles.items()
        if lead.details.get(column) not in (None, "", [])
    ]
    score = loaded.priorities.get(lead.lead_id)
    return {
        "lead": {
            "id": lead.lead_id,
            "short": loaded.short.get(lead.lead_id, lead.lead_id),
            "rule": lead.rule,
            "title": loaded.rule_title(lead, lang),
            "description": rule.description.get(lang) if rule else "",
            "references": list(rule.references) if rule else [],
            "falsepositives": list(rule.falsepositives) if rule else [],
            "severity": severity_name(lead.severity, lang),
            "summary": lead.summary_in(lang),
            "persons": list(lead.persons),
            "cases": list(lead.cases),
        },
        "facts": facts,
        "priority": {"score": score.score, "why": score.why(lang)} if score else None,
        "evidence": evidence(drawing, found),
        "decision": decision(entry, history, lang),
        "graph": laid_out(drawing, found),
    }
