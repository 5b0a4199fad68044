"""Take the README's screenshot of a lead page: the demo's run, one lead, Debian's Chromium.

.venv/bin/python docs/screenshot.py          # writes docs/img/lead-page.png
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from xiansuo.model.lead import read_leads
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.run import RunOptions, run_pipeline
from xiansuo.synth import generate
from xiansuo.viz.lead_graph import lead_subgraphs

IMAGE = Path(__file__).with_name("img") / "lead-page.png"
RULE = "reoffense_during_correction"  # the demo's leads of this model show most context
MOST_NODES = 25
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="xiansuo-shot-") as work:
        project = Project.open(Path(work) / "demo")
        data = project.run.path / "data"
        as_of = generate(data, persons=2000, seed=1, dirty=True).as_of.isoformat()
        run_pipeline(project, RunOptions(data, as_of))
        leads = [lead for lead in read_leads(project.run.leads) if lead.rule == RULE]
        with project.engine() as engine:
            graphs = lead_subgraphs(engine, project.vocabulary, leads)
            sizes = {
                lead.lead_id: len(graph.nodes) for lead, graph in zip(leads, graphs, strict=True)
            }
        # The lead with the most to see that still reads at a glance.
        chosen = max(sizes, key=lambda lead_id: (sizes[lead_id] <= MOST_NODES, sizes[lead_id]))
        page_file = project.run.lead_page(chosen)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 760})
            page.goto(page_file.as_uri())
            page.wait_for_function("window.xiansuo && window.xiansuo.stabilised", timeout=30_000)
            IMAGE.parent.mkdir(exist_ok=True)
            page.screenshot(path=IMAGE)
            browser.close()
    print(f"wrote {IMAGE}")


if __name__ == "__main__":
    main()
