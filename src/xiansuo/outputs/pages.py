"""Every lead's page, ``OUT/leads/<lead_id>.html``, sharing one copy of vis-network."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from xiansuo.engines import GraphEngine
from xiansuo.model.lead import Lead
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.viz.lead_graph import lead_subgraphs
from xiansuo.viz.page import MAX_NODES, render_page

__all__ = ["PAGES", "write_lead_pages"]

# Lead pages a run writes by default: the top leads by priority. A page per lead does not
# scale (60,000 leads of a million persons took seven minutes), and the first leads are the
# largest (networks of several counties: 20-40 ms a page); the explorer (``xiansuo explore``)
# opens any other lead on demand, ``--pages all`` writes every one.
PAGES = 100


def write_lead_pages(
    engine: GraphEngine,
    vocabulary: Vocabulary,
    leads: Sequence[Lead],
    run: RunFolder,
    *,
    lang: str = "zh",
    mask: bool = True,
    max_nodes: int = MAX_NODES,
    notes: Mapping[str, list[str]] | None = None,
    rule_titles: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the page of each lead (with extra ``notes`` by lead id, and the rules' titles by
    rule id); returns how many.

    The pages' folder is made even for no page, so that it replaces the one of an earlier
    run whole: a page of a lead not paged this time does not stay behind.
    """
    run.lead_pages.mkdir(parents=True, exist_ok=True)
    graphs = lead_subgraphs(engine, vocabulary, leads, lang=lang, rule_titles=rule_titles)
    for done, (lead, graph) in enumerate(zip(leads, graphs, strict=True), start=1):
        graph.notes.extend((notes or {}).get(lead.lead_id, ()))
        render_page(graph, run.lead_page(lead.lead_id), vocabulary, mask=mask,
                    max_nodes=max_nodes, lang=lang, shared_assets=run.page_assets)  # fmt: skip
        if progress:
            progress(done, len(leads))
    return len(leads)
