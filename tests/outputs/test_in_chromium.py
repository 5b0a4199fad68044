"""Report and lead pages in headless Chromium: offline, no errors, the right graph, no XSS."""

from __future__ import annotations

from conftest import CASE_A, XSS_CAUSE, XSS_NAME
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.model.lead import read_leads
from xiansuo.model.subgraph import GraphEdge, GraphNode, Subgraph
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.viz.page import render_page

VOCABULARY = Vocabulary.load()
STABILISED = "window.xiansuo && window.xiansuo.stabilised"
XSS = "<img src=x onerror=alert(1)>"


def hover_node(page, node_id: int) -> str:
    """Move the mouse onto a node and return the tooltip's text."""
    box = page.locator("#graph").bounding_box()
    point = page.evaluate(
        "(id) => xiansuo.network.canvasToDOM(xiansuo.network.getPositions([id])[id])", node_id
    )
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return page.locator("div.vis-tooltip").inner_text()


def test_a_lead_page_is_offline_draws_the_lead_and_runs_no_markup(small_run, visit):
    (lead,) = read_leads(small_run / "leads.jsonl")
    seen = visit(small_run / "leads" / f"{lead.lead_id}.html")
    page = seen.page
    page.wait_for_function(STABILISED, timeout=10_000)

    # Person, two cases, their two counties, the unresolved namesake; four stored
    # relationships, the namesake's record and the dashed "same name" edge.
    assert page.evaluate("[xiansuo.nodes.length, xiansuo.edges.length]") == [6, 6]
    assert page.evaluate("xiansuo.network.physics.physicsEnabled") is False
    focus = page.evaluate("xiansuo.nodes.get({filter: (n) => n.focus}).map((n) => n.kind)")
    assert sorted(focus) == ["Case", "Case", "Person"]
    case_a = page.evaluate(f"xiansuo.nodes.get({{filter: (n) => n.label === {CASE_A!r}}})[0].id")
    assert XSS_CAUSE in hover_node(page, case_a)
    assert page.locator("img, svg").count() == 0
    assert XSS_NAME in page.locator("aside").inner_text()
    assert seen.outside(small_run) == [] and seen.errors == [] and seen.dialogs == []


def test_the_xss_probe_shows_as_text_in_labels_tooltips_and_notes(tmp_path, visit):
    person = "Person:51180219800101123X"
    graph = Subgraph(XSS, notes=[XSS], focus={person})
    graph.nodes[person] = GraphNode(person, "Person", {"id_no": person[7:], "name": XSS})
    graph.nodes["Case:c"] = GraphNode("Case:c", "Case", {"case_no": "c", "cause": XSS})
    graph.edges.append(GraphEdge(person, "Case:c", "PARTY_IN", {"role": XSS}))
    seen = visit(render_page(graph, tmp_path / "probe.html", VOCABULARY))
    seen.page.wait_for_function(STABILISED, timeout=10_000)

    assert XSS in hover_node(seen.page, 0)
    assert seen.page.title() == XSS
    assert seen.page.locator("img").count() == 0
    assert seen.outside(tmp_path) == [] and seen.errors == [] and seen.dialogs == []


def test_the_report_filters_sorts_and_links_to_lead_pages(sample_run, visit, truth):
    seen = visit(sample_run / "report.html")
    page = seen.page
    rows = page.locator("#leads tbody tr")
    total = len(read_leads(sample_run / "leads.jsonl"))  # the contract's leads and the gangs'
    assert rows.count() == total

    page.select_option("#rule-filter", "dishonest_not_removed")
    assert page.locator("#leads tbody tr:not([hidden])").count() == len(
        truth["rules"]["dishonest_not_removed"]
    )
    page.select_option("#rule-filter", "")
    page.select_option("#status-filter", "seen")  # a first run: every lead is new
    assert page.locator("#leads tbody tr:not([hidden])").count() == 0
    assert page.locator("#shown-count").inner_text() == f"0 / {total}"
    page.select_option("#status-filter", "")
    case = read_leads(sample_run / "leads.jsonl")[0].cases[0]
    page.fill("#filter", case)
    visible = page.locator("#leads tbody tr:not([hidden])")
    assert 1 <= visible.count() < total
    assert all(case in text for text in visible.all_inner_texts())
    page.fill("#filter", "")

    page.click("#leads th:nth-child(1)")  # "#": ascending, then descending
    page.click("#leads th:nth-child(1)")
    numbers = [int(n) for n in page.locator("#leads tbody td:first-child").all_inner_texts()]
    assert numbers == sorted(numbers, reverse=True)

    href = page.locator("#leads a.page").first.get_attribute("href")
    assert (sample_run / href).is_file()
    page.locator("#leads a.page").first.click()
    page.wait_for_function(STABILISED, timeout=10_000)
    assert page.evaluate("xiansuo.nodes.length") > 0
    assert seen.outside(sample_run) == [] and seen.errors == [] and seen.dialogs == []


def test_the_report_fits_fifteen_leads_a_screen_and_filters_by_register_status(sample_run, visit):
    leads = read_leads(sample_run / "leads.jsonl")
    decided = {leads[0].lead_id: "已确认", leads[5].lead_id: "已确认", leads[9].lead_id: "核查中"}
    for lead_id, status in decided.items():
        args = ["leads", "set", lead_id, "--status", status, "--note", "已调卷核实，材料见卷宗第三册",
                "--out", str(sample_run)]  # fmt: skip
        assert CliRunner().invoke(app, args).exit_code == 0
    assert CliRunner().invoke(app, ["report", "--out", str(sample_run)]).exit_code == 0
    seen = visit(sample_run / "report.html")  # a 1400 × 900 window
    page = seen.page
    rows = page.locator("#leads tbody tr")
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('#leads tbody tr')).map(r => r.offsetHeight)"
    )
    assert len(heights) == len(leads) and max(heights) * 15 <= 900, max(heights)

    page.select_option("#register-filter", "已确认")
    visible = page.locator("#leads tbody tr:not([hidden])")
    assert sorted(visible.evaluate_all("rows => rows.map(r => r.dataset.lead)")) == sorted(
        lead for lead, status in decided.items() if status == "已确认"
    )
    assert all("已确认" in text and "已调卷核实" in text for text in visible.all_inner_texts())
    page.select_option("#register-filter", "新线索")
    assert visible.count() == len(leads) - len(decided)
    page.select_option("#register-filter", "")
    assert visible.count() == rows.count()

    # The priority's reason is there on demand, not in every row.
    why = rows.first.locator(".why")
    assert not why.is_visible()
    rows.first.locator("summary").click()
    assert why.is_visible() and "严重程度" in why.inner_text()
    assert seen.outside(sample_run) == [] and seen.errors == []
