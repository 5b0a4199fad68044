"""Done-when of issue 6 on generated data: the planted gang is one community, the rule
raises it, and ``xiansuo path`` explains how two of its members connect."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner
from viz.pages import page_data

from xiansuo.cli import app
from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.model.masking import mask_id

runner = CliRunner(env={"XIANSUO_LANG": "en"})  # the tests read English messages
GANG = "multi_region_gang"
COMMUNITY = "UNWIND $ids AS id MATCH (p:Person {id_no: id}) RETURN p.id_no AS id, p.community AS c"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gang")
    assert runner.invoke(app, ["generate", str(out / "data"), "--persons", "1500",
                               "--seed", "11"]).exit_code == 0  # fmt: skip
    planted = json.loads((out / "data" / "planted.json").read_text(encoding="utf-8"))
    args = ["run", "--data", str(out / "data"), "--out", str(out), "--as-of", planted["as_of"]]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return out, planted


def test_each_planted_gang_is_one_community_of_its_own(run):
    out, planted = run
    with FalkorEngine(out / "graph" / "xiansuo.db") as engine:
        for gang in planted["planted"][GANG]:
            rows = engine.read(COMMUNITY, {"ids": gang["persons"]})
            assert len(rows) == len(gang["persons"])
            assert len({r["c"] for r in rows}) == 1, gang["why"]
        for decoy in planted["decoys"][GANG]:
            # The same-name stranger is a person of their own, outside the group.
            rows = engine.read(COMMUNITY, {"ids": decoy["persons"]})
            assert len({r["c"] for r in rows}) == (2 if "stranger" in decoy["why"] else 1)


def test_the_rule_raises_each_gang_and_no_decoy(run):
    out, planted = run
    leads = [json.loads(line) for line in (out / "leads.jsonl").read_text("utf-8").splitlines()]
    found = {(tuple(sorted(x["persons"])), tuple(sorted(x["cases"]))) for x in leads
             if x["rule"] == GANG}  # fmt: skip
    for gang in planted["planted"][GANG]:
        assert (tuple(sorted(gang["persons"])), tuple(sorted(gang["cases"]))) in found
    raised = {p for persons, _ in found for p in persons}
    assert all(not raised & set(decoy["persons"]) for decoy in planted["decoys"][GANG])
    priority = json.loads((out / "priority.json").read_text(encoding="utf-8"))
    assert set(priority) == {x["lead_id"] for x in leads}


def test_path_explains_how_two_members_connect(run):
    out, planted = run
    gang = planted["planted"][GANG][0]
    a, b = gang["persons"][0], gang["persons"][-1]
    result = runner.invoke(app, ["path", a, b, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "path 1" in result.output and "PARTY_IN 犯罪嫌疑人" in result.output
    assert "case_parties.csv:" in result.output
    assert any(case in result.output for case in gang["cases"])
    assert mask_id(a) in result.output and a not in result.output
    page = out / "pages" / result.output.split("page: ")[1].split("/pages/")[1].strip()
    html = page.read_text(encoding="utf-8")
    assert mask_id(a) in html and a not in html and b not in html
    labels = " ".join(node["label"] for node in page_data(html)["nodes"])
    assert any(case in labels for case in gang["cases"])
    shown = runner.invoke(app, ["path", a, b, "--out", str(out), "--no-mask"]).output
    assert a in shown and b in shown
    assert a in page.read_text(encoding="utf-8")  # the same page, now unmasked


def test_analyze_and_neighborhood_print_masked_tables(run):
    out, planted = run
    result = runner.invoke(app, ["analyze", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "co-offender communities" in result.output and "key people" in result.output
    assert json.loads((out / "analysis.json").read_text(encoding="utf-8"))["projections"]
    members = {p for gang in planted["planted"][GANG] for p in gang["persons"]}
    assert not any(p in result.output for p in members)
    member = planted["planted"][GANG][0]["persons"][0]
    around = runner.invoke(app, ["neighborhood", member, "--hops", "2", "--out", str(out)])
    assert around.exit_code == 0, around.output
    assert "Case" in around.output and "Person" in around.output
    assert member not in around.output
    page = next((out / "pages").glob("neighborhood-*.html"))
    assert mask_id(member) in page.read_text(encoding="utf-8")
    assert member not in page.read_text(encoding="utf-8")
