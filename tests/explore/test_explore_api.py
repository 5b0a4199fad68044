"""The explorer's JSON API: the dossier, expanding a node a page at a time, paths, decisions
into the lead register, exports, the audit trail, and a newer run loaded when put in place."""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from explore_tools import HOSTILE_ID, HOSTILE_TEXT, USER, Client, serve
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.engines import ReadOnlyViolation
from xiansuo.explore.exports import export_path
from xiansuo.explore.graphs import CAP, neighbours
from xiansuo.explore.workspace import ReadOnlyGraph
from xiansuo.model.lead import read_leads
from xiansuo.model.masking import mask_ids
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.outputs.history import read_history
from xiansuo.outputs.register import Register
from xiansuo.queries.rule import BUILTIN_RULES, load_rule

runner = CliRunner(env={"XIANSUO_LANG": "en"})
# The smallest valid PNG: one white pixel.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c63f8ffff3f0005fe02fe0dc38e940000000049454e44ae426082"
)).decode()  # fmt: skip


def gang_lead(served):
    gang = set(served.run.gang["cases"])
    return next(
        lead for lead in read_leads(served.out / "leads.jsonl")
        if lead.rule == "multi_region_gang" and set(lead.cases) & gang
    )  # fmt: skip


def test_a_dossier_says_why_on_which_records_and_how_urgent(served):
    lead = gang_lead(served)
    dossier = served.client().get(f"/api/leads/{lead.lead_id[:8]}")

    assert dossier["lead"]["id"] == lead.lead_id and dossier["lead"]["title"] == "跨区域共犯团伙"
    assert dossier["lead"]["references"] and dossier["lead"]["description"]
    assert dossier["priority"]["score"] > 0 and dossier["priority"]["why"]
    rule = load_rule(BUILTIN_RULES / "multi_region_gang.yaml")
    returned = [t for c, t in rule.returns.items() if lead.details.get(c) not in (None, "", [])]
    assert [title for title, _ in dossier["facts"]] == returned  # the rule's columns, named
    tables = {row["table"] for row in dossier["evidence"]}
    assert {"刑事案件", "刑事案件当事人"} <= tables
    party_rows = [row for row in dossier["evidence"] if row["table"] == "刑事案件当事人"]
    assert all(row["row"] and row["match"] for row in party_rows)
    assert any(
        HOSTILE_TEXT in " ".join(map(" ".join, n["rows"])) for n in dossier["graph"]["nodes"]
    )
    nodes = dossier["graph"]["nodes"]
    assert all("x" in n and "y" in n for n in nodes)
    assert sum(n["focus"] for n in nodes) >= len(lead.cases)


def test_a_lead_is_laid_out_the_same_way_every_time(served):
    lead = gang_lead(served)
    first = served.client().get(f"/api/leads/{lead.lead_id}")["graph"]
    again = serve(served.out)  # another launch: other handles, the same picture
    with again.running():
        second = Client(again).get(f"/api/leads/{lead.lead_id}")["graph"]

    def picture(graph):
        return sorted((n["label"], n["x"], n["y"]) for n in graph["nodes"])

    assert picture(first) == picture(second)
    assert {n["id"] for n in first["nodes"]}.isdisjoint({n["id"] for n in second["nodes"]})


def test_a_county_is_expanded_a_page_at_a_time(served):
    browser = served.client()
    workspace = served.explorer.workspace
    (busiest,) = workspace.load().graph.read(
        "MATCH (j:Jurisdiction)-[r]-() RETURN j.code AS code, count(r) AS n ORDER BY n DESC LIMIT 1"
    )
    county = workspace.handles.node(f"Jurisdiction:{busiest['code']}")

    whole = browser.get(f"/api/nodes/{county}/neighbours")
    assert whole["total"] == busiest["n"] and len(whole["nodes"]) - 1 == min(busiest["n"], CAP)
    first = browser.get(f"/api/nodes/{county}/neighbours?limit=10")
    assert len(first["nodes"]) == 11 and first["next"] == 10
    second = browser.get(f"/api/nodes/{county}/neighbours?limit=10&skip=10")
    assert {n["id"] for n in first["nodes"]} & {n["id"] for n in second["nodes"]} == {county}
    again = browser.get(f"/api/nodes/{county}/neighbours?limit=10")
    assert [n["id"] for n in again["nodes"]] == [n["id"] for n in first["nodes"]]
    assert served.audit()[-1]["action"] == "expand"


def test_a_node_with_thousands_of_neighbours_shows_fifty(engine):
    engine.write(
        "UNWIND $rows AS row MERGE (j:Jurisdiction {code: '510101'}) "
        "CREATE (:Case {case_no: row})-[:IN_REGION]->(j)",
        [f"(2024)川0101刑初{n}号" for n in range(1, 1201)],
    )
    loaded = SimpleNamespace(graph=ReadOnlyGraph(engine))
    vocabulary = Vocabulary.load()

    page = neighbours(loaded, vocabulary, "Jurisdiction:510101")
    last = neighbours(loaded, vocabulary, "Jurisdiction:510101", skip=1150)

    assert (page.total, len(page.graph.nodes), len(page.graph.edges)) == (1200, CAP + 1, CAP)
    assert len(last.graph.nodes) == CAP + 1
    shown = {k for p in (page, last) for k in p.graph.nodes}
    assert len(shown) == 2 * CAP + 1


def test_a_path_between_two_gang_members_lists_each_step_and_its_record(served):
    browser = served.client()
    a, b = served.run.gang["persons"][:2]
    ends = [browser.get(f"/api/search?q={person}")[0]["node"] for person in (a, b)]

    found = browser.get(f"/api/path?from={ends[0]}&to={ends[1]}")

    assert found["paths"], found["notes"]
    steps = found["paths"][0]
    assert len(steps) >= 2 and {steps[0]["from"], steps[-1]["to"]} & set(ends)
    assert all(s["table"] and s["row"] and s["type"] for s in steps)
    assert any(s["role"] in ("被告人", "犯罪嫌疑人") for s in steps)
    entry = served.audit()[-1]
    assert entry["action"] == "path" and entry["count"] == len(found["paths"])
    assert a not in json.dumps(entry, ensure_ascii=False)


def test_a_decision_goes_to_the_register_its_history_and_leads_list(served):
    lead = read_leads(served.out / "leads.jsonl")[3]
    browser = served.client()
    note = f"已调卷 {HOSTILE_TEXT} {HOSTILE_ID}"

    answer = browser.post(f"/api/leads/{lead.lead_id}/decision",
                          {"status": "核查中", "assignee": "检察官乙", "note": note})  # fmt: skip

    assert answer["entry"]["status"] == "核查中"
    assert HOSTILE_ID not in json.dumps(answer, ensure_ascii=False)  # masked on the way out
    entry = Register(served.out / "lead_register.csv").entries[lead.lead_id]
    assert (entry.status, entry.assignee, entry.note) == ("核查中", "检察官乙", note)
    changes = read_history(served.out / "lead_history.jsonl", lead.lead_id)
    assert {(c.field, c.user, c.source) for c in changes} == {
        ("status", USER, "explore"), ("assignee", USER, "explore"), ("note", USER, "explore")
    }  # fmt: skip
    listed = runner.invoke(app, ["leads", "list", "--out", str(served.out), "--status", "核查中"])
    assert lead.lead_id in listed.output and "检察官乙" in listed.output
    assert runner.invoke(app, ["report", "--out", str(served.out)]).exit_code == 0
    report = (served.out / "report.html").read_text(encoding="utf-8")
    row = report[report.index(f'data-lead="{lead.lead_id}"') :].split("</tr>")[0]
    assert "under review" in row and "检察官乙" in row  # the report, rendered again, agrees
    dossier = browser.get(f"/api/leads/{lead.lead_id}")
    assert dossier["decision"]["history"][0]["new"] == "核查中"
    bad = browser.request("POST", f"/api/leads/{lead.lead_id}/decision", {"status": "完成"})
    assert bad[0] == 400 and "核查状态" in bad[2]["error"]


def test_every_action_is_in_the_audit_trail_before_its_answer(served):
    browser = served.client()
    person = served.run.gang["persons"][0]
    before = len(served.audit())
    found = browser.get(f"/api/search?q=张 {person}")
    after = served.audit()

    assert len(after) == before + 1
    entry = after[-1]
    assert (entry["user"], entry["action"], entry["count"]) == (USER, "search", len(found))
    assert entry["params"]["q"] == f"张 {person[:4]}{'*' * 10}{person[-4:]}"
    assert len(entry["subjects"]) == len(found) and entry["time"][:2] == "20"
    trail = (served.out / "audit.jsonl").read_text(encoding="utf-8")
    assert person not in trail and HOSTILE_ID not in trail

    listed = runner.invoke(app, ["audit", "--out", str(served.out), "--action", "search",
                                 "--user", USER])  # fmt: skip
    assert listed.exit_code == 0 and "search" in listed.output and person not in listed.output
    about = runner.invoke(app, ["audit", "--out", str(served.out), "--about", person])
    assert about.exit_code == 0, about.output
    assert "search" in about.output and person not in about.output
    unseen = served.run.same_name[1]  # nobody searched for this one
    about = runner.invoke(app, ["audit", "--out", str(served.out), "--about", unseen])
    assert about.output.strip().endswith("0 audit entries"), about.output
    nobody = runner.invoke(app, ["audit", "--out", str(served.out), "--user", "nobody"])
    assert nobody.output.strip().endswith("0 audit entries")


def test_an_export_is_named_by_time_and_lead_never_by_an_id_number(tmp_path):
    named = export_path(tmp_path, f"lead-{HOSTILE_ID}", "png").name
    assert HOSTILE_ID not in named and re.fullmatch(r"\d{8}_\d{6}_lead\.png", named), named
    # The time's digits are kept apart, so masking a listing never hides the file's name.
    assert mask_ids(named) == named
    assert mask_ids(export_path(tmp_path, "3706ec4c", "html").name).endswith("_3706ec4c.html")


def test_exports_are_written_audited_and_offered_for_download(served):
    browser = served.client()
    lead = gang_lead(served)
    graph = browser.get(f"/api/leads/{lead.lead_id}")["graph"]
    view = {
        "nodes": [n["id"] for n in graph["nodes"]],
        "edges": [e["id"] for e in graph["edges"]],
        "positions": {n["id"]: [n["x"], n["y"]] for n in graph["nodes"]},
        "name": lead.lead_id[:8],
        "title": "view",
    }
    written = {kind: browser.post("/api/exports", {**view, "kind": kind, "image": PNG})
               for kind in ("png", "html", "xlsx")}  # fmt: skip

    folder = served.out / "exports"
    for kind, answer in written.items():
        path = folder / answer["file"]
        assert path.is_file() and path.suffix == f".{kind}" and lead.lead_id[:8] in path.name
        status, headers, body = browser.request("GET", answer["url"])
        assert status == 200 and "attachment" in headers["content-disposition"]
        assert body == path.read_bytes()
    html = (folder / written["html"]["file"]).read_text(encoding="utf-8")
    assert re.search(r"(src|href)=[\"']?(https?:|//)", html) is None  # nothing to fetch
    assert "vis.Network" in html and HOSTILE_ID not in html
    book = openpyxl.load_workbook(folder / written["xlsx"]["file"])
    assert "案件" in book.sheetnames and "关系" in book.sheetnames
    headers = [cell.value for cell in book["案件"][1]]
    assert "案号" in headers and "来源" in headers
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
    assert HOSTILE_ID not in " ".join(cells) and any(HOSTILE_TEXT in c for c in cells)
    exports = [e for e in served.audit() if e["action"] == "export"]
    assert [e["params"]["kind"] for e in exports[-3:]] == ["png", "html", "xlsx"]
    refused = browser.request("POST", "/api/exports", {"kind": "png", "image": "bm90IGEgcG5n"})
    assert refused[0] == 400
    assert browser.request("GET", "/api/exports/..%2Flead_register.csv")[0] == 404


def test_the_explorer_never_writes_the_graph(served):
    graph = served.explorer.workspace.load().graph
    with pytest.raises(ReadOnlyViolation):
        graph.write("UNWIND $rows AS row CREATE (:Person {id_no: row})", ["x"])
    with pytest.raises(ReadOnlyViolation):
        # The workbench's queries go through it: read-only too.
        graph.query("CREATE (n:Person {id_no: 'x'}) RETURN 1 AS n", timeout_ms=1000, max_rows=1)
    with pytest.raises(ReadOnlyViolation):
        graph.create_graph({}, [], [])
    file = served.out / "graph" / "xiansuo.db"
    before = file.stat().st_mtime_ns
    served.client().get("/api/leads")
    assert file.stat().st_mtime_ns == before


def test_a_newer_run_put_in_place_is_loaded_before_the_next_answer(generated_run, tmp_path):
    out = Path(shutil.copytree(generated_run.out, tmp_path / "out"))
    explorer = serve(out)
    with explorer.running():
        browser = Client(explorer)
        status, before, _ = browser.request("GET", "/api/run")
        data = Path(generated_run.out).parent / "data"
        args = ["run", "--data", str(data), "--out", str(out), "--as-of", "2025-12-31"]
        assert runner.invoke(app, args).exit_code == 0
        status, after, run = browser.request("GET", "/api/run")
    assert status == 200 and run["as_of"] == "2025-12-31"
    assert after["x-xiansuo-run"] != before["x-xiansuo-run"]
