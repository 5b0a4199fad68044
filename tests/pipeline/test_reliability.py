"""A failed, killed or concurrent run never changes the run a folder holds; readers see a
whole run; a full disk or a busy folder ends in a message."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.model.lead import read_leads
from xiansuo.synth import generate

runner = CliRunner(env={"XIANSUO_LANG": "en"})
AS_OF = "2025-06-30"
XIANSUO = [str(Path(sys.executable).with_name("xiansuo"))]


def snapshot(out: Path) -> dict[str, str]:
    """Every file of a run folder with a digest of its content (locks and the engine's
    registry of running servers aside: they are not the run)."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".xiansuo" not in p.parts and not p.name.endswith(".settings")
    }


def run(data: Path, out: Path, *extra: str) -> None:
    args = ["run", "--data", str(data), "--out", str(out), "--as-of", AS_OF, *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Data large enough that a run takes seconds: time to kill it on the way."""
    data = tmp_path_factory.mktemp("gen") / "data"
    generate(data, persons=6000, seed=3, dirty=True)
    return data


@pytest.fixture(scope="module")
def _finished(sample_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("finished") / "out"
    run(sample_dir, out)
    lead = read_leads(out / "leads.jsonl")[0]
    args = ["leads", "set", lead.lead_id, "--status", "核查中", "--note", "已调卷"]
    assert runner.invoke(app, [*args, "--out", str(out)]).exit_code == 0
    return out


@pytest.fixture
def finished(_finished, tmp_path) -> Path:
    """A folder holding a finished run of the sample, with a status recorded in it."""
    return Path(shutil.copytree(_finished, tmp_path / "out"))


def test_a_missing_column_stops_the_run_before_anything_changes(finished, sample_dir, tmp_path):
    before = snapshot(finished)
    data = Path(shutil.copytree(sample_dir, tmp_path / "broken"))
    header, *rows = (data / "case_parties.csv").read_text(encoding="utf-8").splitlines()
    (data / "case_parties.csv").write_text(
        "\n".join([header.replace("身份证号", "证件"), *rows]), encoding="utf-8"
    )
    result = runner.invoke(app, ["run", "--data", str(data), "--out", str(finished)])
    assert result.exit_code == 2 and "身份证号" in result.output
    assert snapshot(finished) == before


def test_a_run_failing_half_way_leaves_the_previous_run(finished, sample_dir, monkeypatch):
    before = snapshot(finished)

    def broken(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(finished / "analysis.json"))

    monkeypatch.setattr("xiansuo.pipeline.run.analysis_stage", broken)
    args = ["run", "--data", str(sample_dir), "--out", str(finished), "--as-of", AS_OF]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output and "previous run" in result.output
    assert snapshot(finished) == before
    assert not (finished / ".xiansuo" / "staging").exists()
    monkeypatch.undo()
    again = runner.invoke(app, ["report", "--out", str(finished)])
    assert again.exit_code == 0, again.output


def _start(data: Path, out: Path) -> subprocess.Popen:
    args = [*XIANSUO, "run", "--data", str(data), "--out", str(out), "--as-of", AS_OF]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the run never reached the point to kill it at")
        time.sleep(0.02)


def _servers_of(folder: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cwd"]):
        cwd = process.info.get("cwd") or ""
        if process.info.get("name") == "redis-server" and cwd.startswith(str(folder)):
            found.append(process)
    return found


STAGING = Path(".xiansuo") / "staging"
KILL_POINTS = {
    # what must exist in the staging folder when the run is killed
    "load": lambda staging: any(staging.glob(".rejects.csv.*.partial")),
    "outputs": lambda staging: (staging / "leads").is_dir(),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_killed_run_never_becomes_the_run_of_record(finished, generated, sample_dir, point):
    before = snapshot(finished)
    staging = finished / STAGING
    process = _start(generated, finished)
    try:
        _wait_for(lambda: process.poll() is not None or KILL_POINTS[point](staging))
        assert process.poll() is None, process.stderr.read()
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        process.kill()
    assert snapshot(finished) == before  # killed before it was put in place

    # Readers see the previous run, and the server the killed run left is stopped.
    listed = runner.invoke(app, ["leads", "list", "--out", str(finished)])
    assert listed.exit_code == 0 and "under review" in listed.output
    report = runner.invoke(app, ["report", "--out", str(finished)])
    assert report.exit_code == 0, report.output
    assert not staging.exists()
    _wait_for(lambda: not [s for s in _servers_of(finished) if s.status() != "zombie"], 20)
    run(sample_dir, finished, "--as-of", "2025-07-31")  # and the next run is whole
    leads = read_leads(finished / "leads.jsonl")
    assert len(list((finished / "leads").glob("*.html"))) == len(leads) > 100
    summary = json.loads((finished / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["params"]["as_of"] == "2025-07-31"


def test_a_run_killed_while_put_in_place_is_finished_by_the_next_command(finished, generated):
    staging = finished / STAGING
    process = _start(generated, finished)
    try:
        _wait_for(lambda: process.poll() is not None or (staging / ".complete").exists(), 300)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        process.kill()
    listed = runner.invoke(app, ["leads", "list", "--out", str(finished)])
    assert listed.exit_code == 0
    summary = json.loads((finished / "run_summary.json").read_text(encoding="utf-8"))
    leads = read_leads(finished / "leads.jsonl")
    assert summary["rules"] and len(leads) > 100  # the generated run, whole
    assert len(list((finished / "leads").glob("*.html"))) == len(leads)
    assert "核查中" in (finished / "lead_register.csv").read_text(encoding="utf-8-sig")


def test_two_runs_into_one_folder_one_proceeds_and_the_other_is_told_why(finished, generated):
    first = _start(generated, finished)
    try:
        _wait_for(lambda: (finished / STAGING).exists())
        second = runner.invoke(app, ["run", "--data", str(generated), "--out", str(finished)])
        assert second.exit_code == 2
        assert "in use by another xiansuo command: run (PID" in second.output
        during = runner.invoke(app, ["leads", "list", "--out", str(finished)])
        assert during.exit_code == 0  # readers are not blocked by a run
        assert first.wait(timeout=600) == 0, first.stderr.read()
    finally:
        first.kill()
    assert len(read_leads(finished / "leads.jsonl")) > 100


def test_a_status_set_during_a_run_survives_the_run(finished, generated):
    lead = read_leads(finished / "leads.jsonl")[1]
    process = _start(generated, finished)
    try:
        _wait_for(lambda: (finished / STAGING / "leads").is_dir())
        args = ["leads", "set", lead.lead_id, "--assignee", "检察官乙", "--out", str(finished)]
        assert runner.invoke(app, args).exit_code == 0
        assert process.wait(timeout=600) == 0, process.stderr.read()
    finally:
        process.kill()
    register = (finished / "lead_register.csv").read_text(encoding="utf-8-sig")
    assert "检察官乙" in register and "核查中" in register


@pytest.fixture
def small_disk(tmp_path):
    """A 30 MB file system of its own (root may mount one here), unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=30m", "tmpfs", str(disk)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_ends_in_a_message_and_the_previous_run(sample_dir, small_disk):
    out = small_disk / "out"
    run(sample_dir, out)
    before = snapshot(out)
    filler = small_disk / "filler"
    with filler.open("wb") as handle:  # fill the disk to the last block
        while True:
            try:
                handle.write(b"\0" * 65536)
                handle.flush()
            except OSError:
                break
    args = ["run", "--data", str(sample_dir), "--out", str(out), "--as-of", AS_OF]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "No space left" in result.output and "previous run" in result.output
    filler.unlink()
    assert snapshot(out) == before


def test_a_read_only_folder_ends_in_a_message(sample_dir, small_disk):
    out = small_disk / "out"
    run(sample_dir, out)
    before = snapshot(out)
    lead = read_leads(out / "leads.jsonl")[0]
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    again = runner.invoke(app, ["run", "--data", str(sample_dir), "--out", str(out)])
    assert again.exit_code == 2 and "Read-only file system" in again.output, again.output
    args = ["leads", "set", lead.lead_id, "--status", "已确认", "--out", str(out)]
    decided = runner.invoke(app, args)
    assert decided.exit_code == 2 and "Read-only file system" in decided.output
    assert snapshot(out) == before
