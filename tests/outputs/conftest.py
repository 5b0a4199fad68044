"""A small finished run whose data carry markup where names and causes go."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from graph_loader.tables import synthetic_id, write_table
from typer.testing import CliRunner

from xiansuo.cli import app

AS_OF = "2025-06-30"
# Names lose their spaces on load, so the name probe needs none; the cause keeps them.
XSS_NAME = "<svg/onload=alert(1)>"
XSS_CAUSE = "<img src=x onerror=alert(1)>"
PERSON = synthetic_id(region="511802", born="19800101", seq=123)
# Not a valid ID, and more than one typo away from PERSON: an unresolved record.
STRANGER = "511802197001019999"
CASE_A, CASE_B = "(2023)川1802刑初1号", "(2024)川0104刑初2号"


def write_tables(data: Path) -> None:
    """One person, defendant in two counties (a multi-region lead), and an unresolved
    record with the same name in the second case."""
    write_table(data, "criminal_cases", [
        [CASE_A, XSS_CAUSE, "", "511802", "2023-01-05", "2023-03-01", "2023-03-20"],
        [CASE_B, "盗窃罪", "", "510104", "2024-02-01", "", ""],
    ])  # fmt: skip
    row = ["", "被告人", XSS_NAME, PERSON, "男", "", "有期徒刑", "12", "否", "", "否", ""]
    write_table(data, "case_parties", [
        [CASE_A, *row[1:]],
        [CASE_B, *row[1:]],
        [CASE_B, "被害人", XSS_NAME, STRANGER, "", "", "", "", "", "", "", "未赔偿"],
    ])  # fmt: skip


def run(data: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        app, ["run", "--data", str(data), "--out", str(out), "--as-of", AS_OF, *extra]
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of ``xiansuo run`` on the tables above (read-only for tests)."""
    root = tmp_path_factory.mktemp("small-run")
    write_tables(root / "data")
    run(root / "data", root / "out")
    return root / "out"


@pytest.fixture(scope="session")
def _sample_run(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("sample-run") / "out"
    run(sample_dir, out)
    return out


@pytest.fixture
def sample_run(_sample_run: Path, tmp_path: Path) -> Path:
    """A copy of a run on the contract's sample, for tests that change it."""
    return Path(shutil.copytree(_sample_run, tmp_path / "out"))
