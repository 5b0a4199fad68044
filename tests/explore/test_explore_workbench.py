"""The query workbench's API: checks while typing, read-only runs with rows and their graph,
Save as rule into the --rules folder only, and every run and save in the audit trail."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from explore_tools import Client, Served, serve
from typer.testing import CliRunner

import xiansuo
from xiansuo.cli import app
from xiansuo.explore.workbench import rules_folder
from xiansuo.model.texts import text

runner = CliRunner(env={"XIANSUO_LANG": "en"})
DEFENDANTS_ON_LOW_INCOME = """MATCH (p:Person)-[:PARTY_IN {role: '被告人'}]->(c:Case)
MATCH (p)-[:RECEIVES]->(s:LowIncomePeriod)
WHERE s.start_date_day <= $as_of_day
RETURN DISTINCT p.id_no AS person, p.name AS name, c.case_no AS case, s.category AS category"""
DRAFT = {
    "id": "defendant_on_low_income",
    "title": {"zh": "被告人享受低保", "en": "Defendant on the low-income roster"},
    "description": {"zh": "刑事案件被告人享受最低生活保障。", "en": "A defendant on the roster."},
    "severity": "low",
    "query": DEFENDANTS_ON_LOW_INCOME,
    "returns": {"person": "身份证号", "name": "姓名", "case": "案号", "category": "保障类别"},
    "persons": ["person"],
    "cases": ["case"],
    "names": ["name"],
    "summary": {"zh": "{name}是{case}的被告人，享受{category}", "en": "{name} in {case}"},
    "params": {
        "as_of": {
            "type": "date",
            "description": {"zh": "核查基准日", "en": "Reference date"},
            "default": "2025-06-30",
        }
    },
}


@pytest.fixture(scope="module")
def bench(generated_run, tmp_path_factory) -> Iterator[Served]:
    """An explorer over a copy of the run, started with an empty rules folder."""
    root = tmp_path_factory.mktemp("workbench")
    out = Path(shutil.copytree(generated_run.out, root / "out"))
    (root / "rules").mkdir()
    explorer = serve(out, rules=(root / "rules",))
    with explorer.running():
        yield Served(explorer, out, generated_run)


def test_a_query_is_checked_as_a_rule_with_its_findings_at_line_and_column(bench):
    query = (
        "MATCH (p:Persn)-[r:PARTY_IN]->(c:Case)\n"
        "WHERE r.penalty = '罚金' AND c.filed_date_day <= $as_of_day\n"
        "RETURN p.id_no AS person LIMIT 5"
    )
    found = bench.client().post("/api/workbench/check", {"query": query})

    where = {f["check"]: (f["line"], f["column"], f["severity"]) for f in found["findings"]}
    assert where["names"][:2] == (1, 10)  # Persn: did you mean Person
    assert where["values"] == (2, len("WHERE r.penalty = ") + 1, "error")  # 主刑: no 罚金
    assert where["limit"][0] == 3 and where["limit"][2] == "warning"
    assert not any("not defined" in f["message"] for f in found["findings"])  # the form asks
    assert found["params"] == [{"name": "as_of", "kind": "date"}]
    assert found["columns"] == ["person"] and found["unavailable"] is None


def test_the_vocabulary_completes_with_the_source_columns_names(bench):
    start = bench.client().get("/api/workbench")
    vocabulary = start["vocabulary"]
    assert {"name": "Person", "title": "自然人"} in vocabulary["labels"]
    assert "RECEIVES" in {t["name"] for t in vocabulary["types"]}
    role = next(p for p in vocabulary["properties"] if p["name"] == "role")
    assert {"被告人", "被害人"} <= set(role["owners"][0]["values"])
    assert start["folder"] and start["folder"].endswith("rules") and start["as_of"]


def test_a_run_gives_the_rows_the_shell_gives_and_draws_their_parties_and_cases(bench):
    browser = bench.client()
    ran = browser.post(
        "/api/workbench/run",
        {"query": DEFENDANTS_ON_LOW_INCOME, "params": {"as_of": bench.run.planted["as_of"]}},
    )
    shell = runner.invoke(app, ["query", "--out", str(bench.out), "--format", "json",
                                "-p", f"as_of={bench.run.planted['as_of']}",
                                DEFENDANTS_ON_LOW_INCOME])  # fmt: skip
    assert shell.exit_code == 0, shell.output
    assert ran["rows"] and ran["rows"] == json.loads(shell.stdout)
    assert ran["columns"] == ["person", "name", "case", "category"]
    assert (ran["persons"], ran["cases"]) == (["person"], ["case"])
    assert all("*" in row["person"] for row in ran["rows"])  # masked, as the shell's
    focus = {n["kind"] for n in ran["graph"]["nodes"] if n["focus"]}
    kinds = {n["kind"] for n in ran["graph"]["nodes"]}
    assert focus == {"Person", "Case"} and "LowIncomePeriod" in kinds

    entry = bench.audit()[-1]
    assert entry["action"] == "query" and entry["count"] == len(ran["rows"])
    assert entry["params"]["query"] == DEFENDANTS_ON_LOW_INCOME
    assert len(entry["subjects"]) == len({row["person"] for row in ran["rows"]})


def test_a_run_is_capped_and_a_query_that_writes_is_refused_and_audited(bench):
    browser = bench.client()
    one = browser.post(
        "/api/workbench/run",
        {"query": "MATCH (p:Person) RETURN p.name AS name", "max_rows": 1},
    )
    assert len(one["rows"]) == 1 and one["truncated"] and one["graph"] is None

    status, _, slow = browser.request(
        "POST",
        "/api/workbench/run",
        {
            "query": "MATCH (a:Person), (b:Person), (c:Person) RETURN count(*) AS n",
            "timeout_s": 0.2,
        },
    )
    assert (status, slow["error"]) == (400, text("rule.timeout", "zh", seconds="0.2"))

    status, _, refused = browser.request(
        "POST", "/api/workbench/run", {"query": "MATCH (p:Person) SET p.name = 'x' RETURN p"}
    )
    assert status == 400 and refused["findings"]
    assert browser.post("/api/workbench/run", {"query": "MATCH (p:Person {name: 'x'}) "
                        "RETURN count(p) AS n"})["rows"] == [{"n": 0}]  # fmt: skip
    assert all("refused" in entry["params"] for entry in bench.audit()[-3:-1])


def test_save_as_rule_writes_the_rule_and_its_test_that_check_and_test_pass(bench):
    folder = Path(bench.client().get("/api/workbench")["folder"])
    saved = bench.client().post("/api/workbench/save", DRAFT)

    assert saved["passed"], saved
    assert saved["issues"] == [] and [r["passed"] for r in saved["results"]] == [True]
    assert sorted(p.name for p in folder.iterdir()) == [
        "defendant_on_low_income.test.yaml", "defendant_on_low_income.yaml",
    ]  # fmt: skip
    checked = runner.invoke(app, ["rules", "check", str(folder), "--fail-on-issues"])
    assert checked.exit_code == 0 and "0 issue(s)" in checked.output
    tested = runner.invoke(app, ["rules", "test", str(folder)])
    assert tested.exit_code == 0 and "1 passed, 0 failed" in tested.output
    entry = bench.audit()[-1]
    assert entry["action"] == "save" and entry["params"]["rule"] == DRAFT["id"]

    # The same id again replaces nothing unless asked to.
    status, _, again = bench.client().request("POST", "/api/workbench/save", DRAFT)
    assert status == 400 and "exists" in again["error"]


def test_without_a_rules_folder_nothing_is_saved(bench, tmp_path):
    explorer = serve(bench.out)
    with explorer.running():
        browser = Client(explorer)
        assert browser.get("/api/workbench")["folder"] is None
        status, _, body = browser.request("POST", "/api/workbench/save", DRAFT)
    assert status == 409 and "--rules" in body["error"]


def test_the_package_is_no_rules_folder(tmp_path):
    package = Path(xiansuo.__file__).parent
    assert rules_folder((package / "queries" / "rules",)) == (None, "workbench.package_folder")
    assert rules_folder((package,)) == (None, "workbench.package_folder")
    assert rules_folder((tmp_path,)) == (tmp_path.resolve(), None)


def test_the_page_runs_no_inline_script(bench):
    status, headers, page = bench.client().request("GET", "/workbench")
    html = page.decode()
    assert status == 200 and "script-src 'self'" in headers["content-security-policy"]
    assert '<script type="module" src="/static/workbench.js"></script>' in html
    assert html.count("<script") == 3  # the texts as JSON, vis-network, the page's module
