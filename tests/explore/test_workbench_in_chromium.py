"""The workbench in headless Chromium, following docs/rules.md section 10 as a new author
does: open it from the explorer, type the guide's query (completing a label and a value),
see the checks, run it, see the rows and their graph, save it as a rule with a test, and
`rules check` / `rules test` on the saved folder pass. Nothing leaves the origin."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from explore_tools import serve
from playwright.sync_api import Browser
from test_authoring_guide import GUIDE, workbench_query
from test_explore_in_chromium import READY, Seen
from typer.testing import CliRunner

from xiansuo.cli import app

runner = CliRunner(env={"XIANSUO_LANG": "en"})
# The save form as section 10's table fills it in.
FORM = {
    "#rule-id": "defendant_on_low_income",
    "#title-zh": "被告人正在享受低保",
    "#title-en": "Defendant on the low-income roster",
    "#description-zh": "刑事案件被告人在核查基准日正在享受最低生活保障。",
    "#description-en": "A criminal defendant who receives the minimum living allowance on the "
    "reference date.",
    "#param-description-zh-as_of": "核查基准日",
    "#param-description-en-as_of": "The run's reference date",
    "#summary-zh": "{name}是{case}的被告人，正在享受{category}",
    "#summary-en": "{name}, defendant in {case}, receives {category}",
}


@pytest.fixture
def bench_page(browser: Browser, generated_run, tmp_path) -> Iterator[tuple[Seen, Path, str]]:
    """The explorer over a copy of the run, started with `--rules my-rules`, in a page."""
    out = Path(shutil.copytree(generated_run.out, tmp_path / "out"))
    rules = tmp_path / "my-rules"
    rules.mkdir()
    explorer = serve(out, rules=(rules,))
    context = browser.new_context(viewport={"width": 1600, "height": 950})
    page = context.new_page()
    seen = Seen.watching(page)
    with explorer.running():
        page.goto(explorer.url)
        page.wait_for_selector(READY, timeout=30_000)
        yield seen, rules, explorer.origin
    context.close()


def typed(seen: Seen, text: str) -> None:
    """Type as a person does, line by line; Esc first, so Enter starts a new line."""
    keyboard = seen.page.keyboard
    for number, line in enumerate(text.rstrip("\n").split("\n")):
        if number:
            keyboard.press("Escape")
            keyboard.press("Enter")
        keyboard.type(line)
    keyboard.press("Escape")


def offered(seen: Seen) -> list[str]:
    return seen.page.locator("#completions li .name").all_inner_texts()


def test_building_a_model_in_the_workbench_as_the_guide_says(bench_page, generated_run):
    seen, rules, origin = bench_page
    page, query = seen.page, workbench_query()
    guide = GUIDE.read_text(encoding="utf-8")
    assert all(value in guide for value in FORM.values())  # the form as the guide fills it

    page.click("#open-workbench")
    page.wait_for_selector(READY)
    assert page.url == f"{origin}/workbench"
    page.click("#query")

    # Completion: a label with its Chinese name, then a role the mapping allows.
    head = "MATCH (p:Person)-[:PARTY_IN {role: '"
    page.keyboard.type("MATCH (p:Pe")
    assert offered(seen) == ["Person"]
    assert "自然人" in page.locator("#completions li").first.inner_text()
    page.keyboard.press("Enter")
    page.keyboard.type(head.removeprefix("MATCH (p:Person"))
    assert {"被告人", "被害人", "犯罪嫌疑人"} <= set(offered(seen))
    page.locator("#completions li", has_text="被告人").first.click()
    assert page.input_value("#query") == head + "被告人"
    typed(seen, query.removeprefix(head + "被告人"))
    assert page.input_value("#query") == query.rstrip("\n")

    # The checks of the text as typed: none; the editor colours what it knows.
    seen.until("() => document.querySelector('#findings li.clean') !== null")
    assert page.locator("#highlight .tok-label").all_inner_texts()[:2] == ["Person", "Case"]
    assert "PARTY_IN" in page.locator("#highlight .tok-type").all_inner_texts()
    assert page.locator("#highlight .tok-parameter").first.inner_text() == "$as_of_day"

    # The parameters form asks for $as_of, filled in with the run's date; run.
    assert page.input_value("#param-as_of") == generated_run.planted["as_of"]
    page.click("#run")
    seen.until("() => document.body.dataset.ran && document.body.dataset.busy === undefined")
    rows = page.locator("#rows tbody tr").count()
    assert rows > 0
    headers = page.locator("#rows th").all_inner_texts()
    assert headers == ["person当事人", "name", "case案件", "category"]
    assert "*" in page.locator("#rows tbody tr td").first.inner_text()  # masked
    assert seen.nodes("n.data.focus && n.data.kind === 'Person'") > 0
    assert seen.nodes("n.data.kind === 'LowIncomePeriod'") > 0

    # Save as rule: the columns' parts in the lead come from the run, the rest as the guide.
    assert [page.input_value(f"#role-{c}") for c in ("person", "name", "case", "category")] == [
        "person", "name", "case", "none",
    ]  # fmt: skip
    assert page.input_value("#heading-category") == "保障类别"
    for field, value in FORM.items():
        page.fill(field, value)
    page.select_option("#severity", "low")
    page.click("#save-rule")
    page.wait_for_selector("#save-outcome", timeout=60_000)
    outcome = page.inner_text("#save-outcome")
    assert page.get_attribute("#save-outcome", "class") == "save-ok", outcome
    assert "rules check：0 个问题" in outcome and "1 个通过，0 个失败" in outcome

    checked = runner.invoke(app, ["rules", "check", str(rules), "--fail-on-issues"])
    assert checked.exit_code == 0 and "0 issue(s)" in checked.output, checked.output
    tested = runner.invoke(app, ["rules", "test", str(rules)])
    assert tested.exit_code == 0 and "1 passed, 0 failed" in tested.output, tested.output
    assert seen.clean(origin)


def test_a_typo_is_underlined_at_its_place_and_listed(bench_page):
    seen, _, origin = bench_page
    page = seen.page
    page.goto(f"{origin}/workbench")
    page.wait_for_selector(READY)
    page.click("#query")
    typed(seen, "MATCH (s:LowIncomPeriod)\nRETURN s.category AS category LIMIT 3")

    seen.until(
        "() => document.querySelectorAll('#findings li.error, #findings li.warning').length == 2"
    )
    findings = page.locator("#findings li").all_inner_texts()
    assert any(f.startswith("1:10") and "LowIncomePeriod" in f for f in findings), findings
    limit = f"2:{len('RETURN s.category AS category ') + 1}"
    assert any(f.startswith(limit) and "[limit]" in f for f in findings), findings
    assert page.locator("#highlight .diag-error").all_inner_texts() == ["LowIncomPeriod"]
    assert page.locator("#highlight .diag-warning").all_inner_texts() == ["LIMIT"]
    page.locator("#findings li", has_text="[limit]").click()
    assert page.evaluate("() => document.querySelector('#query').selectionStart") == len(
        "MATCH (s:LowIncomPeriod)\nRETURN s.category AS category "
    )
    assert seen.clean(origin)
