"""What the explorer's tests share: a generated run with hostile text in it, the explorer
serving a copy of it, and an HTTP client that enters as a browser does (the fixtures are
registered by tests/conftest.py)."""

from __future__ import annotations

import csv
import http.client
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from graph_loader.tables import synthetic_id
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.explore.server import Explorer
from xiansuo.explore.workspace import Workspace
from xiansuo.pipeline.project import Project
from xiansuo.synth import generate

# Names lose their spaces on load, so the name probe needs none; a cause keeps its spaces.
HOSTILE_NAME = "<svg/onload=alert(1)>"
HOSTILE_TEXT = "<img src=x onerror=alert(1)>"
HOSTILE_ID = synthetic_id(region="510112", born="19850101", seq=777)
USER = "检察官甲"


@dataclass(frozen=True)
class GeneratedRun:
    """A finished run on generated data, and what was planted in it."""

    out: Path
    planted: dict[str, Any]

    @property
    def gang(self) -> dict[str, Any]:
        """The first planted co-offender gang (cases in three counties and more)."""
        return self.planted["planted"]["multi_region_gang"][0]

    @property
    def same_name(self) -> list[str]:
        """Two people with the same name."""
        return self.planted["same_name_pairs"][0]


def add_hostile_rows(data: Path, case_no: str) -> None:
    """A defendant with a hostile name joins a planted gang's case, whose cause is hostile."""
    with (data / "case_parties.csv").open("a", encoding="utf-8", newline="") as handle:
        row = [case_no, "被告人", HOSTILE_NAME, HOSTILE_ID, "男", "1985-01-01", "有期徒刑", "12",
               "否", "", "否", ""]  # fmt: skip
        csv.writer(handle).writerow(row)
    path = data / "criminal_cases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows:
        if row[0] == case_no:
            row[1] = HOSTILE_TEXT
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


class Client:
    """HTTP to the explorer as a browser would: the token exchanged for the cookie first."""

    def __init__(self, explorer: Explorer, *, enter: bool = True) -> None:
        self.explorer, self.cookie = explorer, ""
        if enter:
            status, headers, _ = self.request("GET", f"/?token={explorer.keys.token}")
            assert status == 303, status
            self.cookie = headers["set-cookie"].split(";")[0]

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], Any]:
        sent = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            sent |= {"Content-Type": "application/json", "X-Xiansuo-CSRF": self.explorer.keys.csrf}
        sent |= headers or {}
        connection = http.client.HTTPConnection(self.explorer.host, self.explorer.port, timeout=60)
        try:
            payload = None if body is None else json.dumps(body).encode()
            connection.request(method, quote(path, safe="/?&=%:*-_.~"), payload, sent)
            response = connection.getresponse()
            raw = response.read()
            found = {k.lower(): v for k, v in response.getheaders()}
        finally:
            connection.close()
        data: Any = raw
        if found.get("content-type", "").startswith("application/json"):
            data = json.loads(raw)
        return response.status, found, data

    def get(self, path: str) -> Any:
        status, _, data = self.request("GET", path)
        assert status == 200, (status, data)
        return data

    def post(self, path: str, body: Any) -> Any:
        status, _, data = self.request("POST", path, body)
        assert status == 200, (status, data)
        return data


@dataclass
class Served:
    """A running explorer over a copy of the generated run."""

    explorer: Explorer
    out: Path
    run: GeneratedRun

    def client(self) -> Client:
        return Client(self.explorer)

    def audit(self) -> list[dict[str, Any]]:
        path = self.out / "audit.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def serve(
    out: Path, *, mask: bool = True, lang: str = "zh", rules: tuple[Path, ...] = ()
) -> Explorer:
    workspace = Workspace(Project.open(out, rules=rules), lang=lang, mask=mask, user=USER)
    workspace.load()
    return Explorer(workspace)


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
