"""Nodes and relationships as the browser draws them: handle, text, colour, the details
panel's rows (every property under its column's Chinese name, then where it came from),
and the dates the timeline filters on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from xiansuo.explore.handles import Handles
from xiansuo.model.labels import (
    DAY_SUFFIX,
    PARTY_LABELS,
    PROVENANCE,
    SAME_NAME_TYPE,
    UNRESOLVED,
)
from xiansuo.model.subgraph import GraphEdge, GraphNode, Subgraph
from xiansuo.model.texts import join, text
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.viz.style import FOCUS_COLOR, edge_label, node_label, style_of

__all__ = ["Drawing"]

Position = tuple[float, float]
# Properties (and a rule's columns) holding regions' codes: shown by the regions' names.
_REGION_WORD = "region"
# A party's dates (a birth date) are no event on the timeline.
_UNDATED = {*PARTY_LABELS, UNRESOLVED}


@dataclass(frozen=True)
class Drawing:
    """How one server draws: its vocabulary, language, region names and handles."""

    vocabulary: Vocabulary
    lang: str
    regions: Mapping[str, str]
    handles: Handles

    def value(self, owner: str, prop: str, value: Any) -> str:
        """A stored value as a reader sees it: translated, regions by name, lists joined."""
        if isinstance(value, list):
            return join((self.value(owner, prop, v) for v in value), self.lang)
        if _REGION_WORD in prop and str(value) in self.regions:
            return f"{self.regions[str(value)]}（{value}）"
        return self.vocabulary.value_name(value, self.lang)

    def rows(self, owner: str, props: Mapping[str, Any]) -> list[list[str]]:
        """The details panel: each stored property (not the day numbers kept for rules)
        under its column's name (how a party was matched among them), then where it came
        from."""
        vocabulary, lang = self.vocabulary, self.lang
        shown = [
            [vocabulary.property_title(owner, k, lang), self.value(owner, k, v)]
            for k, v in props.items()
            if v not in (None, "") and not k.endswith(DAY_SUFFIX) and k not in PROVENANCE
        ]
        if props.get("src_table"):
            table = vocabulary.table_title(str(props["src_table"]), lang)
            where = f"{table} · {props.get('src_file') or ''} · "
            where += text("page.row", lang, row=props.get("src_row", "?"))
            shown.append([text("page.source", lang), where])
        return shown

    def dates(self, label: str, props: Mapping[str, Any]) -> dict[str, str]:
        """The node's dated facts (filing, judgment, start and end of a period, listing…)."""
        if label in _UNDATED:
            return {}
        return {
            self.vocabulary.property_title(label, prop, self.lang): str(value)
            for prop, value in sorted(props.items())
            if value and (label, prop) in self.vocabulary.date_properties
        }

    def node(
        self,
        node: GraphNode,
        *,
        focus: bool = False,
        position: Position | None = None,
        degree: int | None = None,
    ) -> dict[str, Any]:
        """One node for the browser."""
        style = style_of(node.label)
        key_value = node.key.partition(":")[2]
        props = node.properties
        dates = self.dates(node.label, props)
        drawn = {
            "id": self.handles.node(node.key),
            "kind": node.label,
            "kind_name": self.vocabulary.label_name(node.label, self.lang),
            "label": node_label(node.label, key_value, props, self.lang, self.vocabulary),
            "name": str(props.get("name") or ""),
            "color": style.color,
            "shape": style.shape,
            "focus": focus,
            "party": node.label in PARTY_LABELS,
            "rows": self.rows(node.label, props),
            "dates": dates,
            "span": [min(dates.values()), max(dates.values())] if dates else None,
        }
        if focus:
            drawn["border"] = FOCUS_COLOR
        if position is not None:
            drawn["x"], drawn["y"] = position
        if degree is not None:
            drawn["degree"] = degree
        return drawn

    def edge(self, edge: GraphEdge) -> dict[str, Any]:
        """One relationship for the browser, between the handles of its nodes."""
        vocabulary, lang = self.vocabulary, self.lang
        kind = f"{vocabulary.type_name(edge.type, lang)} ({edge.type})"
        return {
            "id": self.handles.edge(edge),
            "from": self.handles.node(edge.source),
            "to": self.handles.node(edge.target),
            "type": edge.type,
            "label": edge_label(edge.type, edge.properties, lang, vocabulary),
            "dashes": edge.type == SAME_NAME_TYPE,
            "rows": [[text("page.type", lang), kind], *self.rows(edge.type, edge.properties)],
        }

    def graph(
        self,
        found: Subgraph,
        positions: Mapping[str, Position] | None = None,
    ) -> dict[str, Any]:
        """A subgraph for the browser: its nodes (with positions, when laid out), edges,
        legend, and what was left out."""
        positions = positions or {}
        nodes = [
            self.node(node, focus=key in found.focus, position=positions.get(key))
            for key, node in sorted(found.nodes.items())
        ]
        edges = {drawn["id"]: drawn for drawn in map(self.edge, found.edges)}
        return {
            "nodes": nodes,
            "edges": sorted(edges.values(), key=lambda e: e["id"]),
            "legend": self.legend(found.nodes.values()),
            "omitted": {
                "nodes": found.omitted_nodes,
                "edges": found.omitted_edges,
                "labels": [
                    f"{self.vocabulary.label_name(label, self.lang)} {count}"
                    for label, count in found.omitted_labels.most_common()
                ],
            },
            "notes": list(found.notes),
        }

    def legend(self, nodes: Iterable[GraphNode]) -> list[dict[str, Any]]:
        counts = Counter(node.label for node in nodes)
        return [
            {
                "kind": label,
                "name": self.vocabulary.label_name(label, self.lang),
                "color": style_of(label).color,
                "count": count,
            }
            for label, count in sorted(counts.items())
        ]
