"""Every lead's page, ``OUT/leads/<lead_id>.html``, sharing one copy of vis-network."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from xiansuo.engines import GraphEngine
from xiansuo.outputs.rows import LEADS_DIR, page_path
from xiansuo.queries.lead import Lead
from xiansuo.viz.lead_graph import lead_subgraphs
from xiansuo.viz.page import MAX_NODES, render_page

__all__ = ["write_lead_pages"]


def write_lead_pages(
    engine: GraphEngine,
    leads: Sequence[Lead],
    out_dir: Path,
    *,
    lang: str = "zh",
    mask: bool = True,
    max_nodes: int = MAX_NODES,
    notes: Mapping[str, list[str]] | None = None,
    rule_titles: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the page of each lead (with extra ``notes`` by lead id, and the rules' titles by
    rule id); returns how many."""
    assets = out_dir / LEADS_DIR / "assets"
    graphs = lead_subgraphs(engine, leads, lang=lang, rule_titles=rule_titles)
    for done, (lead, graph) in enumerate(zip(leads, graphs, strict=True), start=1):
        graph.notes.extend((notes or {}).get(lead.lead_id, ()))
        page = out_dir / page_path(lead.lead_id)
        render_page(graph, page, mask=mask, max_nodes=max_nodes, lang=lang, shared_assets=assets)
        if progress:
            progress(done, len(leads))
    return len(leads)
