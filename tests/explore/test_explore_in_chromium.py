"""The explorer in headless Chromium, as an investigator uses it: search by name and masked ID,
open a lead, expand and undo, filter by kind and date, follow a path between two gang
members, decide, export; nothing leaves the origin, no error, no dialog, no markup runs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from explore_tools import HOSTILE_ID, HOSTILE_NAME, HOSTILE_TEXT
from playwright.sync_api import Browser, Page
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.model.lead import read_leads
from xiansuo.model.masking import mask_id

READY = "body[data-ready]"
IDLE = "() => document.body.dataset.busy === undefined"


@dataclass
class Seen:
    """A page of the explorer, with every request, console message and dialog it caused."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @classmethod
    def watching(cls, page: Page) -> Seen:
        """A page with what it requests, logs and asks recorded from now on."""
        seen = cls(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on(
            "console",
            lambda m: seen.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
        return seen

    def clean(self, origin: str) -> bool:
        outside = [url for url in self.requests if not url.startswith((origin + "/", "data:"))]
        assert outside == [] and self.errors == [] and self.dialogs == []
        return True

    def nodes(self, condition: str = "true") -> int:
        return self.page.evaluate(f"xiansuo.graph.nodes.get({{filter: (n) => {condition}}}).length")

    def until(self, expression: str, arg: object = None, timeout: float = 30.0) -> None:
        """Wait until ``expression`` (a function of ``arg``) holds in the page. Playwright's
        own wait_for_function evaluates a string, which the page's CSP rightly forbids."""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression, arg):
            assert time.monotonic() < deadline, f"still not {expression}"
            time.sleep(0.05)

    def idle(self) -> None:
        self.until(IDLE)


@pytest.fixture
def explorer_page(browser: Browser, served) -> Iterator[Seen]:
    context = browser.new_context(viewport={"width": 1500, "height": 950}, accept_downloads=True)
    page = context.new_page()
    seen = Seen.watching(page)
    page.goto(served.explorer.url)
    page.wait_for_selector(READY, timeout=30_000)
    yield seen
    context.close()


def search(seen: Seen, box: str, text: str) -> list[str]:
    """Type into a search box; the results offered, as text."""
    page = seen.page
    page.fill(box, text)
    seen.until(
        "([box, text]) => document.querySelector(box + ' + ul').dataset.query === text.trim()",
        [box, text],
    )
    return page.locator(f"{box} + ul.dropdown li").all_inner_texts()


def open_lead(seen: Seen, lead_id: str) -> None:
    seen.page.evaluate(f"location.hash = '#/lead/{lead_id}'")
    seen.until("(id) => document.body.dataset.lead === id", lead_id)
    seen.idle()


def double_click(seen: Seen, node_id: str) -> None:
    page = seen.page
    box = page.locator("#graph").bounding_box()
    page.evaluate(f"xiansuo.graph.network.focus('{node_id}', {{scale: 1}})")
    point = page.evaluate(
        f"xiansuo.graph.network.canvasToDOM(xiansuo.graph.network.getPositions(['{node_id}'])['{node_id}'])"
    )
    page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])


def as_seen(served, id_no: str) -> str:
    """A person as an investigator types them: the name and the masked ID, both as shown."""
    (found,) = served.explorer.workspace.load().finder.search(id_no)
    return f"{found.name} {mask_id(id_no)}"


def gang_lead(served):
    cases = set(served.run.gang["cases"])
    return next(
        lead for lead in read_leads(served.out / "leads.jsonl")
        if lead.rule == "multi_region_gang" and cases & set(lead.cases)
    )  # fmt: skip


def test_search_by_name_and_by_masked_id(explorer_page, served):
    seen, page = explorer_page, explorer_page.page
    first, second = served.run.same_name
    name = as_seen(served, first).split()[0]

    by_name = search(seen, "#search", name)
    assert any(mask_id(first) in r for r in by_name) and any(mask_id(second) in r for r in by_name)
    by_masked = search(seen, "#search", f"{mask_id(second)} {name}")
    assert len(by_masked) == 1 and mask_id(second) in by_masked[0]

    page.locator("#search-results li").first.click()
    seen.until("() => xiansuo.graph.nodes.length > 1")
    assert mask_id(second) in page.locator("#details-title").inner_text()
    assert first not in page.content() and second not in page.content()
    assert seen.clean(served.explorer.origin)


def test_open_a_lead_expand_undo_and_filter_by_kind_and_date(explorer_page, served):
    seen, page = explorer_page, explorer_page.page
    lead = gang_lead(served)
    page.locator(f'#lead-list li[data-lead="{lead.lead_id}"] a').first.click()
    seen.until("(id) => document.body.dataset.lead === id", lead.lead_id)
    seen.idle()

    assert page.locator("#dossier-title").inner_text() == "跨区域共犯团伙"
    assert page.locator("table.facts tr").count() >= 3
    assert page.locator("table.evidence tbody tr").count() >= 3
    assert "刑事案件当事人" in page.locator("table.evidence").inner_text()
    before = seen.nodes()
    # A county: the lead's graph shows it, never what else is in it.
    county = page.evaluate(
        "xiansuo.graph.nodes.get({filter: (n) => n.data.kind === 'Jurisdiction'})[0].id"
    )

    double_click(seen, county)
    seen.until("(n) => xiansuo.graph.nodes.length > n", before)
    seen.idle()
    assert page.locator("#act-collapse").is_visible()  # the details panel knows it expanded
    page.click("#undo")
    assert seen.nodes() == before

    cases = seen.nodes("n.data.kind === 'Case'")
    page.uncheck('#legend input[data-kind="Case"]')
    assert seen.nodes("n.hidden") == cases
    page.check('#legend input[data-kind="Case"]')
    assert seen.nodes("n.hidden") == 0

    dates = sorted(page.evaluate("xiansuo.graph.dates().map((d) => d.date)"))
    page.fill("#date-from", dates[-1])
    page.dispatch_event("#date-from", "change")
    hidden = seen.nodes("n.hidden")
    assert 0 < hidden < seen.nodes() - seen.nodes("n.data.kind === 'Person'") + 1
    assert seen.nodes("n.hidden && n.data.kind === 'Person'") == 0  # people have no dates
    page.click("#date-reset")
    assert seen.nodes("n.hidden") == 0
    assert seen.clean(served.explorer.origin)


def test_a_path_between_two_gang_members(explorer_page, served):
    seen, page = explorer_page, explorer_page.page
    a, b = served.run.gang["persons"][:2]
    search(seen, "#search", as_seen(served, a))
    page.locator("#search-results li").first.click()
    page.wait_for_selector("#act-path-from", timeout=30_000)
    page.click("#act-path-from")
    search(seen, "#path-to-search", as_seen(served, b))
    page.locator("#path-to-results li").first.click()
    page.wait_for_selector("#path-result ol.steps li", timeout=30_000)
    seen.idle()

    steps = page.locator("#path-result ol.steps").first.locator("li").all_inner_texts()
    assert len(steps) >= 2 and all("第" in step and "行" in step for step in steps)
    assert page.evaluate("xiansuo.graph.edges.get({filter: (e) => e.width === 3}).length") >= 2
    assert a not in page.content() and b not in page.content()
    assert seen.clean(served.explorer.origin)


def test_a_decision_saved_in_the_dossier_is_in_leads_list(explorer_page, served):
    seen, page = explorer_page, explorer_page.page
    lead = read_leads(served.out / "leads.jsonl")[5]
    open_lead(seen, lead.lead_id)
    page.select_option("#decide-status", "核查中")
    page.fill("#decide-note", f"已调卷 {HOSTILE_TEXT}")
    page.click("#decide-save")
    page.wait_for_selector("#decide-history li", timeout=10_000)

    assert "核查中" in page.locator("#decide-saved").inner_text()
    assert HOSTILE_TEXT in page.locator("#decide-history").inner_text()
    listed = CliRunner().invoke(app, ["leads", "list", "--out", str(served.out)])
    line = next(line for line in listed.output.splitlines() if line.startswith(lead.lead_id))
    assert "核查中" in line
    assert page.locator("img, svg, script:not([src]):not([type])").count() == 0
    assert seen.clean(served.explorer.origin)


def test_exports_png_html_and_a_sheet_and_the_page_opens_offline(explorer_page, served, browser):
    seen, page = explorer_page, explorer_page.page
    lead = gang_lead(served)
    open_lead(seen, lead.lead_id)
    files = {}
    for kind in ("png", "html", "xlsx"):
        with page.expect_download(timeout=30_000) as download:
            page.click(f"#export-{kind}")
        files[kind] = Path(download.value.path())
        seen.idle()
    assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert files["xlsx"].read_bytes()[:2] == b"PK"
    visible = seen.nodes("!n.hidden")

    offline = browser.new_context()
    copy = served.out / "exports" / "offline-copy.html"
    copy.write_bytes(files["html"].read_bytes())
    static, requests, errors = offline.new_page(), [], []
    static.on("request", lambda r: requests.append(r.url))
    static.on("pageerror", lambda e: errors.append(str(e)))
    static.goto(copy.as_uri())
    static.wait_for_function("window.xiansuo && window.xiansuo.stabilised", timeout=30_000)
    assert static.evaluate("xiansuo.nodes.length") == visible
    assert requests == [copy.as_uri()] and errors == []
    assert HOSTILE_ID not in static.content()
    offline.close()
    assert seen.clean(served.explorer.origin)


def test_a_hostile_name_stays_text_everywhere(explorer_page, served):
    seen, page = explorer_page, explorer_page.page
    found = search(seen, "#search", HOSTILE_NAME)
    assert HOSTILE_NAME in found[0]
    page.locator("#search-results li").first.click()
    page.wait_for_selector("#details-title", timeout=30_000)
    assert HOSTILE_NAME in page.locator("#details-title").inner_text()

    open_lead(seen, gang_lead(served).lead_id)
    page.fill("#lead-filter", HOSTILE_NAME)
    seen.until("(name) => document.querySelector('#lead-list').innerText.includes(name)",
               HOSTILE_NAME)  # fmt: skip
    assert HOSTILE_NAME in page.locator("#lead-list").inner_text()
    case = page.evaluate(
        f"xiansuo.graph.nodes.get({{filter: (n) => n.data.rows.some((r) => r[1] === {HOSTILE_TEXT!r})}})[0].id"
    )
    page.evaluate(f"xiansuo.graph.select('{case}')")
    assert HOSTILE_TEXT in page.locator("#panel-details").inner_text()
    assert page.locator("img, svg").count() == 0 and seen.dialogs == []
    assert seen.clean(served.explorer.origin)


def test_the_page_is_refused_without_the_token(browser, served):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(served.explorer.origin + "/")
    assert response.status == 401 and "xiansuo explore" in page.inner_text("body")
    response = page.goto(served.explorer.origin.replace("127.0.0.1", "localhost") + "/?token=x")
    assert response.status == 403
    context.close()
