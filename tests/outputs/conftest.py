"""Finished runs to render from (one with markup in its data), and pages opened in Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from graph_loader.tables import synthetic_id, write_table
from playwright.sync_api import Browser, Page
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


@dataclass
class Visit:
    """A page opened in Chromium, with every request, console error and dialog it caused."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def outside(self, folder: Path) -> list[str]:
        """Requests for anything but files under ``folder``."""
        own = folder.resolve().as_uri() + "/"
        return [url for url in self.requests if not url.startswith(own)]


@pytest.fixture
def visit(browser: Browser) -> Iterator[Callable[[Path], Visit]]:
    """Open a file in a fresh page, recording what it does."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})

    def open_file(path: Path) -> Visit:
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.resolve().as_uri())
        return seen

    yield open_file
    context.close()
