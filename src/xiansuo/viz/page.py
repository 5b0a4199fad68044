"""One self-contained, offline HTML page showing a subgraph with vis-network (built by pyvis)."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from xiansuo.model.files import atomic_write
from xiansuo.model.labels import DAY_SUFFIX, PROVENANCE, SAME_NAME_TYPE
from xiansuo.model.masking import mask_values
from xiansuo.model.subgraph import GraphNode, Subgraph
from xiansuo.model.texts import join, text, texts
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.viz.cap import cap_subgraph
from xiansuo.viz.style import FOCUS_COLOR, edge_label, node_label, style_of

__all__ = ["ASSETS", "FONTS", "MAX_NODES", "environment", "page_html", "render_page"]

ASSETS = Path(__file__).with_name("assets")
MAX_NODES = 300  # nodes drawn on one page by default; more are not read anyway
VIS_JS, VIS_CSS = "vis-network.min.js", "vis-network.css"
# The page's Chinese font stack, also for labels drawn on the canvas.
FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


@cache
def environment() -> Environment:
    """The Jinja2 environment of xiansuo's pages; autoescape is on for every template."""
    return Environment(
        loader=PackageLoader("xiansuo.viz", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


@cache
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


class _Drawing:
    """What one page draws with: the vocabulary and the language."""

    def __init__(self, vocabulary: Vocabulary, lang: str) -> None:
        self.vocabulary, self.lang = vocabulary, lang

    def value(self, value: Any) -> str:
        if isinstance(value, list):
            return self.shown([self.vocabulary.value_name(v, self.lang) for v in value])
        return self.shown(self.vocabulary.value_name(value, self.lang))

    def shown(self, value: Any) -> str:
        return join(value, self.lang) if isinstance(value, list) else str(value)

    def info(self, kind: str, owner: str, props: dict[str, Any]) -> list[tuple[str, str]]:
        """A tooltip's rows: the kind, the stored properties (not the day numbers kept for
        rules), then where the record came from."""
        lang, vocabulary = self.lang, self.vocabulary
        rows = [(text("page.type", lang), kind)]
        rows += [
            (vocabulary.property_title(owner, k, lang), self.value(v))
            for k, v in props.items()
            if v not in (None, "") and not k.endswith(DAY_SUFFIX) and k not in PROVENANCE
        ]
        if props.get("src_table"):
            row = text("page.row", lang, row=props.get("src_row", "?"))
            rows.append((text("page.source", lang), f"{props['src_table']} {row}"))
        return rows

    def add_node(
        self,
        net: Network,
        number: int,
        node: GraphNode,
        focus: bool,
        position: tuple[float, float] | None = None,
    ) -> None:
        style = style_of(node.label)
        key_value = self.shown(node.key.partition(":")[2])
        kind = self.vocabulary.label_name(node.label, self.lang)
        if focus:
            kind += f" · {text('page.focus', self.lang)}"
        net.add_node(
            number,
            label=node_label(node.label, key_value, node.properties, self.lang, self.vocabulary),
            shape=style.shape,
            color={"background": style.color, "border": FOCUS_COLOR if focus else style.color},
            borderWidth=4 if focus else 1,
            size=28 if focus else 16,
            font={"size": 18 if focus else 14, "face": FONTS},
            kind=node.label,
            focus=focus,
            info=self.info(kind, node.label, node.properties),
            **({"x": position[0], "y": position[1]} if position else {}),
        )

    def edge_kind(self, rel_type: str) -> str:
        return f"{self.vocabulary.type_name(rel_type, self.lang)} ({rel_type})"

    def network(
        self, subgraph: Subgraph, positions: Mapping[str, tuple[float, float]] | None = None
    ) -> Network:
        """A pyvis network of the subgraph: numbered nodes (keys hold ID numbers), styled;
        laid out by the page's physics, or where ``positions`` (by node key) put them."""
        net = Network(directed=True)
        numbers = {key: i for i, key in enumerate(subgraph.nodes)}
        for key, node in subgraph.nodes.items():
            where = positions.get(key) if positions else None
            self.add_node(net, numbers[key], node, key in subgraph.focus, where)
        for edge in subgraph.edges:
            if edge.source in numbers and edge.target in numbers:
                net.add_edge(
                    numbers[edge.source],
                    numbers[edge.target],
                    label=edge_label(edge.type, edge.properties, self.lang, self.vocabulary),
                    font={"size": 10},
                    color="#999999",
                    dashes=edge.type == SAME_NAME_TYPE,
                    info=self.info(self.edge_kind(edge.type), edge.type, edge.properties),
                )
        if positions:  # laid out already: drawn as it is, nothing moves
            net.toggle_physics(False)
            return net
        # Stabilise before drawing, then the page turns physics off so the layout stays put.
        net.barnes_hut(gravity=-2500, spring_length=90, central_gravity=0.4, overlap=0.2)
        net.toggle_stabilization(True)
        net.options.physics.stabilization.iterations = 300
        return net

    def legend(self, subgraph: Subgraph) -> list[dict[str, Any]]:
        counts = Counter(node.label for node in subgraph.nodes.values())
        return [
            {
                "color": style_of(label).color,
                "count": count,
                "name": self.vocabulary.label_name(label, self.lang),
            }
            for label, count in counts.most_common()
        ]

    def omitted(self, subgraph: Subgraph) -> list[str]:
        return [
            f"{self.vocabulary.label_name(label, self.lang)} {count}"
            for label, count in subgraph.omitted_labels.most_common()
        ]


def render_page(
    subgraph: Subgraph,
    out: Path,
    vocabulary: Vocabulary,
    *,
    mask: bool = True,
    max_nodes: int = MAX_NODES,
    lang: str = "zh",
    shared_assets: Path | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> Path:
    """Write ``subgraph`` as one HTML page at ``out`` and return the path; with
    ``positions`` (by node key), its nodes are drawn there instead of laid out by physics.

    vis-network is inlined, so the page works alone and offline; with ``shared_assets`` (a
    folder), it is copied there once and linked relatively instead, which keeps thousands
    of lead pages small.
    """
    assets = None
    if shared_assets is not None:
        shared_assets.mkdir(parents=True, exist_ok=True)
        for name in (VIS_JS, VIS_CSS):
            copy = shared_assets / name
            # Once per folder; again when the package ships a different file.
            if not copy.is_file() or copy.stat().st_size != (ASSETS / name).stat().st_size:
                atomic_write(copy, (ASSETS / name).read_bytes())
        assets = Path(os.path.relpath(shared_assets.resolve(), out.parent.resolve())).as_posix()
    html = page_html(subgraph, vocabulary, mask=mask, max_nodes=max_nodes, lang=lang,
                     assets=assets, positions=positions)  # fmt: skip
    return atomic_write(out, html)


def page_html(
    subgraph: Subgraph,
    vocabulary: Vocabulary,
    *,
    mask: bool = True,
    max_nodes: int = MAX_NODES,
    lang: str = "zh",
    assets: str | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """``subgraph`` as one HTML page: vis-network inlined, or linked from ``assets`` (a
    relative folder); nodes where ``positions`` put them, else laid out by physics. Every
    value is escaped (autoescape, JSON made safe for ``<script>``, tooltips built as DOM text
    in the page); ID numbers are masked unless ``mask`` is off.
    """
    shown = cap_subgraph(subgraph, max_nodes)
    drawing = _Drawing(vocabulary, lang)
    net = drawing.network(shown, positions)
    nodes, edges, _, _, _, options = net.get_network_data()
    data = {
        "title": drawing.shown(shown.title),
        "nodes": nodes,
        "edges": edges,
        "notes": [drawing.shown(note) for note in shown.notes],
    }
    if mask:
        data = mask_values(data)  # the one place a page's values are masked
    return (
        environment()
        .get_template("page.html.j2")
        .render(
            lang=lang,
            fonts=Markup(FONTS),
            title=data["title"],
            t=texts(lang),
            nodes=data["nodes"],
            edges=data["edges"],
            options=json.loads(options),
            legend=drawing.legend(shown),
            omitted={
                "nodes": shown.omitted_nodes,
                "edges": shown.omitted_edges,
                "labels": drawing.omitted(shown),
            },
            notes=data["notes"],
            assets=assets,
            # The vendored library is trusted code, not data; it holds no "</script" (tested).
            vis_js=None if assets else Markup(_asset(VIS_JS)),
            vis_css=None if assets else Markup(_asset(VIS_CSS)),
        )
    )
