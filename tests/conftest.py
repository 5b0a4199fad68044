"""Shared fixtures: the data contract's sample, an embedded graph per test, graph dumps, and
one headless Chromium for the browser tests."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from explore_tools import generated_run, served  # noqa: F401 (fixtures of the explorer's tests)
from playwright.sync_api import Browser, sync_playwright

from xiansuo.engines import GraphEngine
from xiansuo.engines.falkordb import FalkorEngine

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("XIANSUO_SHARED", REPO.parent / "shared"))
SAMPLE = SHARED / "data-contract" / "sample"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The contract's clean sample; CI lays ``shared/`` beside the clone."""
    assert (SAMPLE / "truth.json").is_file(), f"data contract sample not found at {SAMPLE}"
    return SAMPLE


@pytest.fixture(scope="session")
def truth(sample_dir: Path) -> dict:
    return json.loads((sample_dir / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def _shared_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphEngine]:
    # One embedded server for the session: starting and stopping one costs seconds.
    with FalkorEngine(tmp_path_factory.mktemp("graph") / "shared.db") as graph:
        yield graph


@pytest.fixture
def engine(_shared_engine: GraphEngine) -> GraphEngine:
    """An empty embedded graph."""
    _shared_engine.clear()
    return _shared_engine


NODE_DUMP = "MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS props"
REL_DUMP = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, properties(r) AS props,
       coalesce(a.event_key, a.id_no, a.case_no, a.code) AS start,
       coalesce(b.event_key, b.id_no, b.case_no, b.code) AS end
"""


def graph_dump(engine: GraphEngine, ignore: tuple[str, ...] = ("src_file",)) -> list[str]:
    """Every node and relationship as sorted JSON lines, for comparing whole graphs."""

    def line(row: dict) -> str:
        props = {k: v for k, v in row.pop("props").items() if k not in ignore}
        return json.dumps({**row, "props": props}, ensure_ascii=False, sort_keys=True)

    return sorted(line(row) for row in engine.read(NODE_DUMP) + engine.read(REL_DUMP))


CHROMIUM = Path("/usr/bin/chromium")  # Debian's; `make test` installs it. Never downloaded.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session (starting one costs a second)."""
    assert CHROMIUM.is_file(), f"{CHROMIUM} missing: apt-get install chromium fonts-noto-cjk"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
