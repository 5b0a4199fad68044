"""`xiansuo rules check` when Neo4j's linter cannot run: said, non-zero, unless --no-lint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.cli.rules import TEMPLATE
from xiansuo.queries import lint

runner = CliRunner()


@pytest.fixture
def misnamed_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one rule whose id is not its file name; the bundle is missing."""
    shutil.copy(TEMPLATE, tmp_path / "misnamed.yaml")
    monkeypatch.setattr(lint, "BUNDLE", tmp_path / "missing" / "cypher-lint.mjs")
    return tmp_path


def test_an_unavailable_linter_fails_the_check_and_says_why(misnamed_rule: Path) -> None:
    result = runner.invoke(app, ["rules", "check", str(misnamed_rule), "--lang", "en"])
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert "misnamed.yaml" in output and "1 issue(s)" in output  # the other checks still ran
    assert "Neo4j's linter could not run" in output
    assert "cypher-lint.mjs is missing" in output and "reinstall xiansuo" in output
    assert "--no-lint" in output


def test_no_lint_checks_the_rest(misnamed_rule: Path) -> None:
    result = runner.invoke(app, ["rules", "check", str(misnamed_rule), "--lang", "en", "--no-lint"])
    assert result.exit_code == 0, result.output
    assert "misnamed.yaml" in result.output
    assert result.output.splitlines()[-1] == (
        "1 issue(s), not linted (--no-lint: parameters, returns, names and values were not "
        "checked either)"
    )
    failing = runner.invoke(
        app, ["rules", "check", str(misnamed_rule), "--lang", "en", "--no-lint", "--fail-on-issues"]
    )
    assert failing.exit_code == 1
