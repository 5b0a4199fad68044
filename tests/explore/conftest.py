"""A generated run with hostile text in it, and the explorer serving a copy of it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from explore_tools import GeneratedRun, Served, add_hostile_rows, serve
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.synth import generate


@pytest.fixture(scope="session")
def generated_run(tmp_path_factory: pytest.TempPathFactory) -> GeneratedRun:
    """``xiansuo run`` on 2,000 generated people (read-only for tests: copy to change it)."""
    root = tmp_path_factory.mktemp("explore-run")
    summary = generate(root / "data", persons=2000, seed=5, dirty=False)
    planted = json.loads((root / "data" / "planted.json").read_text(encoding="utf-8"))
    add_hostile_rows(root / "data", planted["planted"]["multi_region_gang"][0]["cases"][0])
    args = ["run", "--data", str(root / "data"), "--out", str(root / "out"),
            "--as-of", summary.as_of.isoformat()]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return GeneratedRun(root / "out", planted)


@pytest.fixture(scope="session")
def served(
    generated_run: GeneratedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """One explorer for the session over a copy of the run (tests change its register)."""
    out = Path(shutil.copytree(generated_run.out, tmp_path_factory.mktemp("served") / "out"))
    explorer = serve(out)
    with explorer.running():
        yield Served(explorer, out, generated_run)
