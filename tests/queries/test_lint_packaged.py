"""Neo4j's linter runs from what the package ships: no node on PATH, no tools/, no npm."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

from xiansuo.cli.rules import TEMPLATE
from xiansuo.queries import lint

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def _xiansuo_without_node(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": str(VENV_BIN)}  # no /usr/bin, so no system node
    assert shutil.which("node", path=env["PATH"]) is None
    return subprocess.run(
        [str(VENV_BIN / "xiansuo"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def test_rules_check_lints_with_no_node_on_path(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    text = TEMPLATE.read_text(encoding="utf-8").replace("new_rule", "label_typo")
    text = text.replace("00000000-0000-4000-8000-000000000000", str(uuid.uuid4()))
    (rules / "label_typo.yaml").write_text(text.replace("(e:Case)", "(e:Cas)"), "utf-8")

    builtin = _xiansuo_without_node(tmp_path, "rules", "check", "--fail-on-issues", "--lang", "en")
    typo = _xiansuo_without_node(tmp_path, "rules", "check", str(rules), "--lang", "en")

    assert builtin.returncode == 0, builtin.stdout + builtin.stderr
    assert builtin.stdout.splitlines()[-1] == "0 issue(s)"
    assert typo.returncode == 0, typo.stdout + typo.stderr
    # The parser did run: the names check reads its facts.
    assert "[names]" in typo.stdout and "label Cas is not in the graph" in typo.stdout
    assert typo.stdout.splitlines()[-1] == "1 issue(s)"


def test_the_wheel_ships_the_bundle_and_its_licences(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    shutil.copy(REPO / "pyproject.toml", source / "pyproject.toml")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index"]
    subprocess.run(
        [*pip_wheel, "--no-build-isolation", "--wheel-dir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("xiansuo-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name: archive.read(name) for name in archive.namelist() if "/linter/" in name}
    folder = lint.BUNDLE.parent
    assert shipped == {
        f"xiansuo/queries/linter/{path.name}": path.read_bytes() for path in folder.iterdir()
    }
    assert set(shipped) == {
        "xiansuo/queries/linter/cypher-lint.mjs",
        "xiansuo/queries/linter/cypher-lint.licenses.txt",
        "xiansuo/queries/linter/cypher-parse.mjs",
        "xiansuo/queries/linter/cypher-parse.licenses.txt",
    }
