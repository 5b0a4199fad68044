"""A lead's subgraph as a networkx graph, and a drawing of one that a notebook shows inline.

The drawing is the lead page itself (vis-network inlined, no network access) inside an
``<iframe srcdoc>``, sandboxed to its own scripts: it works in Jupyter on an isolated
machine, and nothing in it can reach the notebook.
"""

from __future__ import annotations

import html
from typing import Any

import networkx as nx

from xiansuo.model.masking import mask_values
from xiansuo.model.subgraph import GraphEdge, GraphNode, Subgraph
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.viz.page import MAX_NODES, page_html

__all__ = ["GraphView", "from_networkx", "to_networkx"]


def to_networkx(subgraph: Subgraph, *, mask: bool = True) -> nx.MultiDiGraph:
    """The subgraph as a ``MultiDiGraph``: nodes by key (``Person:…``) with ``label``,
    ``focus`` and their properties; edges with ``type`` and theirs; ``graph["title"]``.
    ID numbers are masked in keys and values unless ``mask`` is off."""

    def shown(value: Any) -> Any:
        return mask_values(value) if mask else value

    graph: nx.MultiDiGraph = nx.MultiDiGraph(
        title=shown(subgraph.title), notes=shown(subgraph.notes)
    )
    for key, node in subgraph.nodes.items():
        graph.add_node(
            shown(key), label=node.label, focus=key in subgraph.focus, **shown(node.properties)
        )
    for edge in subgraph.edges:
        graph.add_edge(shown(edge.source), shown(edge.target), key=edge.type, type=edge.type,
                       **shown(edge.properties))  # fmt: skip
    return graph


def from_networkx(graph: nx.MultiDiGraph) -> Subgraph:
    """A graph made by ``to_networkx`` (and perhaps pruned since) as a subgraph to draw."""
    found = Subgraph(str(graph.graph.get("title", "")), notes=list(graph.graph.get("notes", [])))
    for key, data in graph.nodes(data=True):
        props = {k: v for k, v in data.items() if k not in ("label", "focus")}
        found.nodes[key] = GraphNode(key, data.get("label", ""), props)
        if data.get("focus"):
            found.focus.add(key)
    for source, target, data in graph.edges(data=True):
        props = {k: v for k, v in data.items() if k != "type"}
        found.edges.append(GraphEdge(source, target, data.get("type", ""), props))
    return found


class GraphView:
    """A subgraph drawn inline in a notebook (``_repr_html_``), offline."""

    def __init__(
        self,
        subgraph: Subgraph,
        vocabulary: Vocabulary,
        *,
        mask: bool = True,
        lang: str = "zh",
        max_nodes: int = MAX_NODES,
        height: int = 600,
    ) -> None:
        self.subgraph, self.vocabulary = subgraph, vocabulary
        self.mask, self.lang, self.max_nodes, self.height = mask, lang, max_nodes, height

    def page(self) -> str:
        """The whole page, as ``xiansuo`` writes a lead page."""
        return page_html(self.subgraph, self.vocabulary, mask=self.mask,
                         max_nodes=self.max_nodes, lang=self.lang)  # fmt: skip

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page(), quote=True)}" sandbox="allow-scripts" '
            f'style="width: 100%; height: {self.height}px; border: 1px solid #ddd"></iframe>'
        )
