"""docs/rules.md (and its Chinese twin, docs/rules.zh.md), followed as a new author would:
create, try, write, check, test, run, template."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiansuo.cli import app

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "rules.md"
GUIDES = [GUIDE, REPO / "docs" / "rules.zh.md"]
_BLOCK = re.compile(r"(?:<!-- file: (\S+) -->\n)?```(\w*)\n(.*?)```", re.S)
EXAMPLE = REPO / "docs" / "examples" / "rules"
RULE_ID = "dishonest_on_low_income"
runner = CliRunner(env={"XIANSUO_LANG": "en"})  # the tests read English messages


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _blocks(guide: Path) -> list[tuple[str, str, str]]:
    """(example file or "", language, text) of every code block of a guide."""
    return _BLOCK.findall(guide.read_text(encoding="utf-8"))


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guide_shows_the_example_files_as_they_are(guide: Path):
    blocks = [(name, text) for name, _, text in _blocks(guide) if name]
    assert [name for name, _ in blocks] == [
        f"docs/examples/rules/{RULE_ID}.yaml",
        f"docs/examples/rules/{RULE_ID}.test.yaml",
    ]
    for name, text in blocks:
        assert text == (REPO / name).read_text(encoding="utf-8")


def test_both_guides_have_the_same_examples_and_mark_the_workbench_walk_through():
    english, chinese = (_blocks(guide) for guide in GUIDES)
    assert english == chinese and len(english) == 11
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        marker = text.index("<!-- workbench: this section is written with the workbench page")
        walk_through = [block for _, lang, block in _BLOCK.findall(text[marker:])]
        assert walk_through[1] == workbench_query()  # what the browser test types
        assert re.search(r"[\u4e00-\u9fff]{20}", text) or guide == GUIDE


def workbench_query() -> str:
    """The query the workbench walk-through (section 10) types."""
    marker = GUIDE.read_text(encoding="utf-8").index("<!-- workbench:")
    (query,) = [text for _, lang, text in _BLOCK.findall(GUIDE.read_text("utf-8")[marker:])
                if lang == "cypher"]  # fmt: skip
    return query


def _command(language: str, command: str) -> list[str]:
    """The arguments of the guide's ``xiansuo <command> …`` line (after `.venv/bin/xiansuo`)."""
    for _, lang, text in _blocks(GUIDE):
        for line in text.splitlines():
            if lang == language and line.startswith(f".venv/bin/xiansuo {command}"):
                # shlex keeps the backslash of "\$" that a POSIX shell drops inside "…".
                return [arg.replace("\\$", "$") for arg in shlex.split(line)[1:]]
    raise AssertionError(f"no `xiansuo {command}` in the guide")


def test_the_template_works_before_it_is_edited(tmp_path):
    _invoke("rules", "new", "my_first_rule", "--dir", str(tmp_path))
    _invoke("rules", "check", str(tmp_path), "--fail-on-issues")
    assert "3 passed, 0 failed" in _invoke("rules", "test", str(tmp_path))


def test_following_the_guide_end_to_end(sample_dir, tmp_path):
    rules = tmp_path / "rules"
    output = _invoke("rules", "new", RULE_ID, "--dir", str(rules))
    assert f"{RULE_ID}.yaml" in output and f"{RULE_ID}.test.yaml" in output
    for suffix in (".yaml", ".test.yaml"):  # the author writes the files shown in the guide
        shutil.copy(EXAMPLE / f"{RULE_ID}{suffix}", rules / f"{RULE_ID}{suffix}")

    assert "0 issue(s)" in _invoke("rules", "check", str(rules), "--fail-on-issues")
    assert "5 passed, 0 failed" in _invoke("rules", "test", str(rules))
    out = tmp_path / "out"
    _invoke("run", "--data", str(sample_dir), "--out", str(out), "--as-of", "2025-06-30",
            "--rules", str(rules))  # fmt: skip
    summary = json.loads((out / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["rules"][RULE_ID]["error"] is None
    assert len(summary["rules"]) == 10  # the built-in nine and the example

    # The query of section 3 on this run finds the example's leads, IDs masked.
    query = _command("sh", "query")
    query[query.index("--out") + 1] = str(out)
    queried = runner.invoke(app, [*query, "--format", "json"])
    assert queried.exit_code == 0, queried.output
    rows = json.loads(queried.stdout)  # the rows; what the checks say goes to stderr
    leads = {tuple(lead["persons"]) for lead in map(json.loads, (out / "leads.jsonl").open())
             if lead["rule"] == RULE_ID}  # fmt: skip
    assert rows and len({row["person"] for row in rows}) == len(leads)
    assert all("*" in row["person"] for row in rows)

    # Section 9: the example's data templates.
    template = _command("sh", "rules template dishonest_on_low_income")
    template[template.index("--rules") + 1] = str(rules)
    template[template.index("--out") + 1] = str(tmp_path / "templates")
    _invoke(*template)
    assert sorted(p.name for p in (tmp_path / "templates").iterdir()) == [
        "dishonest_list.xlsx", "low_income.xlsx",
    ]  # fmt: skip


def test_a_rule_over_an_added_table_needs_its_mapping_everywhere():
    rules = str(REPO / "docs" / "examples" / "mapped_rules")
    mappings = ["--mappings", str(REPO / "docs" / "examples" / "mappings")]

    assert "0 issue(s)" in _invoke("rules", "check", rules, *mappings, "--fail-on-issues")
    assert "3 passed, 0 failed" in _invoke("rules", "test", rules, *mappings)

    unchecked = runner.invoke(app, ["rules", "check", rules, "--fail-on-issues"])
    assert unchecked.exit_code == 1 and "LEGAL_REPRESENTATIVE_OF" in unchecked.output
    untested = runner.invoke(app, ["rules", "test", rules])
    assert untested.exit_code == 1 and "company_officers" in untested.output


def test_the_example_queries_of_the_guide_the_workbench_and_the_notebook_check_clean():
    from xiansuo.model.vocabulary import Vocabulary
    from xiansuo.queries.checks import check_query

    guide = _command("sh", "query")
    cells = json.loads((REPO / "docs" / "examples" / "notebook.ipynb").read_text("utf-8"))
    (notebook,) = re.findall(r'"""(.*?)"""', "".join(
        line for cell in cells["cells"] for line in cell["source"]), re.S)  # fmt: skip
    vocabulary = Vocabulary.load()
    for text in (guide[-1], notebook, workbench_query()):
        found = check_query(text, vocabulary, params={"as_of": "STRING", "as_of_day": "INTEGER"})
        assert found.findings == () and found.unavailable is None, text
