"""render_page: one offline page, every value escaped, IDs masked, a cap with a visible note."""

from __future__ import annotations

from viz.pages import page_data

from xiansuo.model.subgraph import GraphEdge, GraphNode, Subgraph
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.viz.page import ASSETS, VIS_CSS, VIS_JS, render_page

VOCABULARY = Vocabulary.load()
XSS = "<img src=x onerror=alert(1)>"
PERSON_ID = "51180219800101123X"  # synthetic (its check character is not even right)


def probe() -> Subgraph:
    """A person named with markup in a case whose cause is markup, from a row with provenance."""
    person, case = f"Person:{PERSON_ID}", "Case:(2023)川1802刑初45号"
    graph = Subgraph(f"线索 {XSS}", notes=[f"摘要 {XSS}"], focus={person})
    graph.nodes[person] = GraphNode(person, "Person", {"id_no": PERSON_ID, "name": XSS})
    graph.nodes[case] = GraphNode(case, "Case", {"case_no": case[5:], "cause": XSS})
    props = {"role": "被告人", "name": XSS, "src_table": "case_parties", "src_row": 7}
    graph.edges.append(GraphEdge(person, case, "PARTY_IN", props))
    return graph


def without_vendored(html: str) -> str:
    for name in (VIS_JS, VIS_CSS):
        html = html.replace((ASSETS / name).read_text(encoding="utf-8"), "")
    return html


def test_markup_in_data_is_escaped_everywhere(tmp_path):
    html = render_page(probe(), tmp_path / "p.html", VOCABULARY).read_text(encoding="utf-8")

    assert "<img" not in without_vendored(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # title, notes: shown as text
    data = page_data(html)
    assert XSS in data["nodes"][0]["label"]  # drawn on the canvas, which has no HTML
    assert ["姓名", XSS] in data["edges"][0]["info"]  # tooltips: built with textContent


def test_ids_are_masked_unless_asked_not_to(tmp_path):
    masked = render_page(probe(), tmp_path / "m.html", VOCABULARY).read_text(encoding="utf-8")
    plain = render_page(probe(), tmp_path / "p.html", VOCABULARY, mask=False).read_text(
        encoding="utf-8"
    )

    assert PERSON_ID not in masked and "5118**********123X" in masked
    assert PERSON_ID in plain


def test_the_page_needs_nothing_from_outside(tmp_path):
    html = render_page(probe(), tmp_path / "p.html", VOCABULARY).read_text(encoding="utf-8")

    assert "http" not in without_vendored(html)
    assert VIS_JS not in html  # inlined, not linked
    assert "</script" not in (ASSETS / VIS_JS).read_text(encoding="utf-8")


def test_shared_assets_are_copied_once_and_linked_relatively(tmp_path):
    page = render_page(
        probe(), tmp_path / "leads" / "a.html", VOCABULARY, shared_assets=tmp_path / "assets"
    )

    html = page.read_text(encoding="utf-8")
    assert '<script src="../assets/vis-network.min.js">' in html
    assert (tmp_path / "assets" / VIS_JS).read_bytes() == (ASSETS / VIS_JS).read_bytes()
    assert len(html) < 20_000


def test_the_cap_keeps_the_focus_and_its_neighbours_and_says_what_was_left_out(tmp_path):
    graph = Subgraph("big", focus={"Person:p"})
    graph.nodes["Person:p"] = GraphNode("Person:p", "Person", {"name": "甲"})
    for i in range(350):
        key = f"Case:c{i}"
        graph.nodes[key] = GraphNode(key, "Case" if i < 200 else "Jurisdiction", {})
        graph.edges.append(GraphEdge("Person:p" if i < 100 else "Case:c0", key, "PARTY_IN"))

    html = render_page(graph, tmp_path / "p.html", VOCABULARY, max_nodes=300).read_text(
        encoding="utf-8"
    )

    data = page_data(html)
    assert len(data["nodes"]) == 300 and len(data["edges"]) == 299
    assert any(n["focus"] for n in data["nodes"])
    assert "未显示 51 个节点、51 条关系" in html and "行政区划 51" in html


def test_english_pages(tmp_path):
    html = render_page(probe(), tmp_path / "p.html", VOCABULARY, lang="en").read_text(
        encoding="utf-8"
    )
    assert 'lang="en"' in html and "Legend" in html and "Person" in html


def test_tooltips_name_properties_by_their_source_columns_and_give_the_row(tmp_path):
    data = page_data(
        render_page(probe(), tmp_path / "p.html", VOCABULARY).read_text(encoding="utf-8")
    )
    edge = dict(data["edges"][0]["info"])
    assert edge["角色"] == "被告人" and edge["来源"] == "case_parties 第7行"
    assert dict(data["nodes"][1]["info"])["案由"] == XSS
