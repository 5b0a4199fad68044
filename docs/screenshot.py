"""Take the screenshots of the README and the guides: the demo's run, one lead page, the
explorer as an investigator uses it and the workbench as a query author does, in Debian's
Chromium.

.venv/bin/python docs/screenshot.py          # writes docs/img/*.png
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from xiansuo.explore.server import Explorer
from xiansuo.explore.workspace import Workspace
from xiansuo.model.lead import read_leads
from xiansuo.model.masking import mask_id
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.run import RunOptions, run_pipeline
from xiansuo.synth import generate
from xiansuo.viz.lead_graph import lead_subgraphs

IMAGES = Path(__file__).with_name("img")
RULE = "reoffense_during_correction"  # the demo's leads of this model show most context
MOST_NODES = 25
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
VIEWPORT = {"width": 1600, "height": 950}


def lead_page(project: Project, page: Page) -> None:
    """img/lead-page.png: the lead page of the run's most telling lead of ``RULE``."""
    leads = [lead for lead in read_leads(project.run.leads) if lead.rule == RULE]
    with project.engine(save=False) as engine:
        graphs = lead_subgraphs(engine, project.vocabulary, leads)
        sizes = {lead.lead_id: len(graph.nodes) for lead, graph in zip(leads, graphs, strict=True)}
    # The lead with the most to see that still reads at a glance.
    chosen = max(sizes, key=lambda lead_id: (sizes[lead_id] <= MOST_NODES, sizes[lead_id]))
    page.goto(project.run.lead_page(chosen).as_uri())
    page.wait_for_function("window.xiansuo && window.xiansuo.stabilised", timeout=30_000)
    page.screenshot(path=IMAGES / "lead-page.png")


def until(page: Page, expression: str, arg: object = None) -> None:
    """Wait in the page without evaluating a string (the explorer's CSP forbids that)."""
    deadline = time.monotonic() + 30
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, expression
        time.sleep(0.05)


def idle(page: Page) -> None:
    until(page, "() => document.body.dataset.busy === undefined")
    time.sleep(0.3)


def explorer(project: Project, page: Page, data: Path) -> None:
    """img/explore-*.png: search, a gang's dossier, expanding a county, a path, a decision."""
    import json

    planted = json.loads((data / "planted.json").read_text(encoding="utf-8"))
    workspace = Workspace(project, lang="zh", mask=True, user="检察官甲")
    loaded = workspace.load()
    with Explorer(workspace).running() as server:
        page.goto(server.url)
        page.wait_for_selector("body[data-ready]", timeout=30_000)

        first = planted["same_name_pairs"][0][0]
        (found,) = loaded.finder.search(first)
        page.fill("#search", found.name)
        until(page, "(q) => document.querySelector('#search-results').dataset.query === q",
              found.name)  # fmt: skip
        page.screenshot(path=IMAGES / "explore-search.png")
        page.keyboard.press("Escape")

        gang = planted["planted"]["multi_region_gang"][0]
        lead = next(
            lead for lead in loaded.leads.values()
            if lead.rule == "multi_region_gang" and set(lead.cases) & set(gang["cases"])
        )  # fmt: skip
        page.evaluate("(id) => { location.hash = '#/lead/' + id; }", lead.lead_id)
        until(page, "(id) => document.body.dataset.lead === id", lead.lead_id)
        idle(page)
        page.screenshot(path=IMAGES / "explore-dossier.png")

        county = page.evaluate(
            "() => xiansuo.graph.nodes.get({filter: (n) => n.data.kind === 'Jurisdiction'})[0].id"
        )
        page.evaluate("(id) => xiansuo.graph.select(id)", county)
        page.click("#act-expand")
        idle(page)
        page.evaluate("() => xiansuo.graph.fit()")
        page.screenshot(path=IMAGES / "explore-expand.png")

        a, b = gang["persons"][:2]
        (start,) = loaded.finder.search(a)
        page.fill("#search", f"{start.name} {mask_id(a)}")
        until(page, "() => document.querySelector('#search-results').dataset.query")
        page.locator("#search-results li").first.click()
        page.wait_for_selector("#act-path-from")
        page.click("#act-path-from")
        (end,) = loaded.finder.search(b)
        page.fill("#path-to-search", f"{end.name} {mask_id(b)}")
        page.locator("#path-to-results li.person").first.click()
        page.wait_for_selector("#path-result ol.steps li")
        idle(page)
        page.screenshot(path=IMAGES / "explore-path.png")

        page.evaluate("(id) => { location.hash = '#/lead/' + id; }", lead.lead_id)
        until(page, "(id) => document.body.dataset.lead === id", lead.lead_id)
        idle(page)
        page.select_option("#decide-status", "核查中")
        page.fill("#decide-assignee", "检察官甲")
        page.fill("#decide-note", "已调取三案卷宗，待核实成员关系")
        page.click("#decide-save")
        page.wait_for_selector("#decide-history li")
        page.evaluate("() => document.querySelector('#decide-save').scrollIntoView()")
        page.screenshot(path=IMAGES / "explore-decide.png")


def workbench(project: Project, page: Page) -> None:
    """img/workbench.png: the guide's query (docs/rules.md section 10) run, and saved as a
    rule."""
    import re

    guide = Path(__file__).with_name("rules.md").read_text(encoding="utf-8")
    (query,) = re.findall(r"```cypher\n(.*?)```", guide, re.S)
    workspace = Workspace(project, lang="zh", mask=True, user="检察官甲")
    with Explorer(workspace).running() as server:
        page.goto(server.url)
        page.wait_for_selector("body[data-ready]", timeout=30_000)
        page.click("#open-workbench")
        page.wait_for_selector("body[data-ready]", timeout=30_000)
        page.fill("#query", query.rstrip("\n"))
        until(page, "() => document.querySelector('#findings li.clean') !== null")
        page.click("#run")
        until(page, "() => document.body.dataset.ran !== undefined")
        idle(page)
        for field, value in {
            "#rule-id": "defendant_on_low_income",
            "#title-zh": "被告人正在享受低保",
            "#title-en": "Defendant on the low-income roster",
            "#description-zh": "刑事案件被告人在核查基准日正在享受最低生活保障。",
            "#description-en": "A criminal defendant who receives the minimum living allowance.",
            "#param-description-zh-as_of": "核查基准日",
            "#param-description-en-as_of": "The run's reference date",
            "#summary-zh": "{name}是{case}的被告人，正在享受{category}",
            "#summary-en": "{name}, defendant in {case}, receives {category}",
        }.items():
            page.fill(field, value)
        page.click("#save-rule")
        page.wait_for_selector("#save-outcome", timeout=60_000)
        page.evaluate("() => document.querySelector('#save-outcome').scrollIntoView()")
        page.evaluate("() => { const q = document.querySelector('#query'); q.scrollLeft = 0; "
                      "q.setSelectionRange(0, 0); }")  # fmt: skip
        page.click("#query")
        page.keyboard.press("Control+Home")
        page.screenshot(path=IMAGES / "workbench.png")


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xiansuo-shot-") as work:
        project = Project.open(Path(work) / "demo")
        data = project.run.path / "data"
        as_of = generate(data, persons=2000, seed=1, dirty=True).as_of.isoformat()
        run_pipeline(project, RunOptions(data, as_of))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            lead_page(project, browser.new_page(viewport={"width": 1280, "height": 760}))
            explorer(project, browser.new_page(viewport=VIEWPORT), data)
            rules = Path(work) / "my-rules"
            rules.mkdir()
            workbench(
                Project.open(project.run.path, rules=(rules,)), browser.new_page(viewport=VIEWPORT)
            )
            browser.close()
    print(f"wrote {', '.join(sorted(p.name for p in IMAGES.glob('*.png')))} in {IMAGES}")


if __name__ == "__main__":
    main()
