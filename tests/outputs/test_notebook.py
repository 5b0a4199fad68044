"""The notebook API: a run's tables as DataFrames, a lead's subgraph as networkx, drawn
inline offline; the example notebook runs as written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from conftest import XSS_NAME

import xiansuo
from xiansuo.model.lead import read_leads
from xiansuo.model.masking import mask_id
from xiansuo.outputs.register import Register

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "docs" / "examples" / "notebook.ipynb"
STABILISED = "window.xiansuo && window.xiansuo.stabilised"


def test_leads_priorities_and_register_are_the_runs(_sample_run: Path) -> None:
    run = xiansuo.open_run(_sample_run, lang="en")
    leads = read_leads(_sample_run / "leads.jsonl")
    frame = run.leads
    assert list(frame.lead_id) == [lead.lead_id for lead in leads]
    assert frame.persons.map(list).tolist() == [
        [mask_id(p) for p in lead.persons] for lead in leads
    ]
    assert frame.summary.tolist() == [lead.summary_en for lead in leads]
    assert not frame.title.str.contains(r"[\u4e00-\u9fff]").any()  # titles in English
    priorities = run.priorities
    assert set(priorities.lead_id) == set(frame.lead_id)
    assert priorities.score.is_monotonic_decreasing
    register = run.register
    assert set(register.lead_id) == set(Register(_sample_run / "lead_register.csv").entries)
    assert (register.status == "新线索").all()
    unmasked = xiansuo.open_run(_sample_run, mask=False).leads
    assert unmasked.persons.map(list).tolist() == [list(lead.persons) for lead in leads]


def test_a_lead_subgraph_as_networkx(small_run: Path) -> None:
    run = xiansuo.open_run(small_run)
    (lead,) = read_leads(small_run / "leads.jsonl")
    graph = run.subgraph(lead.lead_id)
    # Person, two cases, their two counties, the unresolved namesake (as its page draws it).
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 6
    focus = sorted(data["label"] for _, data in graph.nodes(data=True) if data["focus"])
    assert focus == ["Case", "Case", "Person"]
    (person,) = [key for key, data in graph.nodes(data=True) if data["label"] == "Person"]
    assert person == f"Person:{mask_id(lead.persons[0])}"
    assert {data["type"] for *_, data in graph.edges(data=True)} >= {"PARTY_IN", "SAME_NAME"}


def test_the_inline_drawing_is_offline_and_runs_no_markup(small_run: Path, visit, tmp_path) -> None:
    run = xiansuo.open_run(small_run)
    (lead,) = read_leads(small_run / "leads.jsonl")
    html = run.show(lead.lead_id)._repr_html_()
    assert html.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in html
    # vis-network inlined: no script or style is fetched (the requests below prove it).
    assert "&lt;script src=" not in html and "&lt;link rel=" not in html
    page = tmp_path / "cell.html"
    page.write_text(f"<!DOCTYPE html><html><body>{html}</body></html>", encoding="utf-8")
    seen = visit(page)
    frame = seen.page.frames[1]
    frame.wait_for_function(STABILISED, timeout=10_000)
    assert frame.evaluate("[xiansuo.nodes.length, xiansuo.edges.length]") == [6, 6]
    assert XSS_NAME in frame.locator("aside").inner_text()
    assert frame.locator("img, svg").count() == 0
    assert seen.outside(tmp_path) == [] and seen.errors == [] and seen.dialogs == []
    # A graph pruned in the notebook is drawn as it is.
    graph = run.subgraph(lead.lead_id)
    graph.remove_nodes_from([k for k, d in graph.nodes(data=True) if d["label"] == "Jurisdiction"])
    assert run.show(graph).page().count('"kind": "Jurisdiction"') == 0


def test_import_xiansuo_stays_light() -> None:
    code = "import sys, xiansuo; print('pandas' in sys.modules, callable(xiansuo.open_run))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_the_example_notebook_runs_as_written(_sample_run: Path) -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    assert all(cell["outputs"] == [] for cell in cells if cell["cell_type"] == "code")
    scope: dict = {}
    results = []
    for cell in (c for c in cells if c["cell_type"] == "code"):
        source = "".join(cell["source"]).replace('"xiansuo-demo"', repr(str(_sample_run)))
        *body, last = source.rstrip().split("\n")
        exec("\n".join(body), scope)  # our own example, run as Jupyter would run it
        results.append(eval(last, scope) if not last.startswith((" ", ")")) else None)
    run, per_rule, top, statuses, defendants, sizes, drawing = results
    assert isinstance(per_rule, pd.Series) and per_rule.sum() == len(run.leads)
    assert list(top.columns) == ["lead_id", "score", "why"]
    assert statuses.to_dict() == {"新线索": len(run.register)}
    assert list(defendants.columns) == ["person", "name", "case", "category"]
    assert sizes[0] > 1 and drawing._repr_html_().startswith("<iframe")
