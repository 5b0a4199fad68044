"""One self-contained, offline HTML page showing a subgraph with vis-network (built by pyvis)."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from xiansuo.viz.cap import cap_subgraph
from xiansuo.viz.columns import property_title
from xiansuo.viz.masking import mask_ids
from xiansuo.viz.style import (
    EDGE_NAMES,
    FOCUS_COLOR,
    SAME_NAME_TYPE,
    edge_label,
    node_label,
    style_of,
)
from xiansuo.viz.subgraph import GraphNode, Subgraph

__all__ = ["ASSETS", "FONTS", "MAX_NODES", "environment", "render_page"]

ASSETS = Path(__file__).with_name("assets")
MAX_NODES = 300  # nodes drawn on one page by default; more are not read anyway
VIS_JS, VIS_CSS = "vis-network.min.js", "vis-network.css"
# Properties that only serve rules (day numbers) or repeat the provenance shown separately.
_HIDDEN = ("_day", "src_table", "src_file", "src_row")
# The page's Chinese font stack, also for labels drawn on the canvas.
FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
TEXT = {
    "zh": {"legend": "图例", "omitted": "为保持页面可读，未显示 {nodes} 个节点、{edges} 条关系：",
           "focus": "线索核心", "source": "来源", "row": "第{row}行", "type": "类型"},
    "en": {"legend": "Legend", "omitted": "Left out to keep the page readable: {nodes} nodes, "
           "{edges} relationships:", "focus": "lead's core", "source": "source",
           "row": "row {row}", "type": "type"},
}  # fmt: skip


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


def _shown(value: Any, mask: bool) -> str:
    text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
    return mask_ids(text) if mask else text


def _info(
    kind: str, owner: str, props: dict[str, Any], mask: bool, lang: str
) -> list[tuple[str, str]]:
    """A tooltip's rows: the kind, the stored properties, then where the record came from."""
    text = TEXT[lang]
    name = (lambda prop: property_title(owner, prop)) if lang == "zh" else str
    rows = [(text["type"], kind)]
    rows += [
        (name(k), _shown(v, mask))
        for k, v in props.items()
        if v not in (None, "") and not k.endswith(_HIDDEN) and k not in _HIDDEN
    ]
    if props.get("src_table"):
        where = f"{props['src_table']} {text['row'].format(row=props.get('src_row', '?'))}"
        rows.append((text["source"], where))
    return rows


def _add_node(net: Network, number: int, node: GraphNode, focus: bool, mask: bool, lang: str):
    style = style_of(node.label)
    key_value = _shown(node.key.partition(":")[2], mask)
    kind = style.zh if lang == "zh" else style.en
    net.add_node(
        number,
        label=node_label(node.label, key_value, node.properties, lang),
        shape=style.shape,
        color={"background": style.color, "border": FOCUS_COLOR if focus else style.color},
        borderWidth=4 if focus else 1,
        size=28 if focus else 16,
        font={"size": 18 if focus else 14, "face": FONTS},
        kind=node.label,
        focus=focus,
        info=_info(
            kind + (f" · {TEXT[lang]['focus']}" if focus else ""),
            node.label,
            node.properties,
            mask,
            lang,
        ),
    )


def _edge_kind(rel_type: str, lang: str) -> str:
    zh, en = EDGE_NAMES.get(rel_type, (rel_type, rel_type))
    return f"{zh if lang == 'zh' else en} ({rel_type})"


def _network(subgraph: Subgraph, mask: bool, lang: str) -> Network:
    """A pyvis network of the subgraph: numbered nodes (keys hold ID numbers), styled."""
    net = Network(directed=True)
    numbers = {key: i for i, key in enumerate(subgraph.nodes)}
    for key, node in subgraph.nodes.items():
        _add_node(net, numbers[key], node, key in subgraph.focus, mask, lang)
    for edge in subgraph.edges:
        if edge.source in numbers and edge.target in numbers:
            net.add_edge(
                numbers[edge.source],
                numbers[edge.target],
                label=edge_label(edge.type, edge.properties, lang),
                font={"size": 10},
                color="#999999",
                dashes=edge.type == SAME_NAME_TYPE,
                info=_info(_edge_kind(edge.type, lang), edge.type, edge.properties, mask, lang),
            )
    # Stabilise before drawing, then the page turns physics off so the layout stays put.
    net.barnes_hut(gravity=-2500, spring_length=90, central_gravity=0.4, overlap=0.2)
    net.toggle_stabilization(True)
    net.options.physics.stabilization.iterations = 300
    return net


def _legend(subgraph: Subgraph, lang: str) -> list[dict[str, Any]]:
    counts = Counter(node.label for node in subgraph.nodes.values())
    return [
        {
            "color": style_of(label).color,
            "count": count,
            "name": style_of(label).zh if lang == "zh" else style_of(label).en,
        }
        for label, count in counts.most_common()
    ]


def _omitted(subgraph: Subgraph, lang: str) -> list[str]:
    return [
        f"{style_of(label).zh if lang == 'zh' else style_of(label).en} {count}"
        for label, count in subgraph.omitted_labels.most_common()
    ]


def render_page(
    subgraph: Subgraph,
    out: Path,
    *,
    mask: bool = True,
    max_nodes: int = MAX_NODES,
    lang: str = "zh",
    shared_assets: Path | None = None,
) -> Path:
    """Write ``subgraph`` as one HTML page at ``out`` and return the path.

    vis-network is inlined, so the page works alone and offline; with ``shared_assets`` (a
    folder), it is copied there once and linked relatively instead, which keeps thousands
    of lead pages small. Every value is escaped (autoescape, JSON made safe for ``<script>``,
    tooltips built as DOM text in the page); ID numbers are masked unless ``mask`` is off.
    """
    shown = cap_subgraph(subgraph, max_nodes)
    net = _network(shown, mask, lang)
    nodes, edges, _, _, _, options = net.get_network_data()
    assets = None
    if shared_assets is not None:
        shared_assets.mkdir(parents=True, exist_ok=True)
        for name in (VIS_JS, VIS_CSS):
            copy = shared_assets / name
            # Once per folder; again when the package ships a different file.
            if not copy.is_file() or copy.stat().st_size != (ASSETS / name).stat().st_size:
                shutil.copyfile(ASSETS / name, copy)
        assets = Path(os.path.relpath(shared_assets.resolve(), out.parent.resolve())).as_posix()
    html = (
        environment()
        .get_template("page.html.j2")
        .render(
            lang=lang,
            fonts=Markup(FONTS),
            title=_shown(shown.title, mask),
            text=TEXT[lang],
            nodes=nodes,
            edges=edges,
            options=json.loads(options),
            legend=_legend(shown, lang),
            omitted={
                "nodes": shown.omitted_nodes,
                "edges": shown.omitted_edges,
                "labels": _omitted(shown, lang),
            },
            notes=[_shown(note, mask) for note in shown.notes],
            assets=assets,
            # The vendored library is trusted code, not data; it holds no "</script" (tested).
            vis_js=None if assets else Markup(_asset(VIS_JS)),
            vis_css=None if assets else Markup(_asset(VIS_CSS)),
        )
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
