"""The embedded engine cannot reach outside the graph, survives a runaway query, and never
writes a half-built or read-only graph over its file; a killed process's server is stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from redis.exceptions import ResponseError

from xiansuo.engines.base import EngineStopped, QueryRefused
from xiansuo.engines.falkordb import FalkorEngine

COUNT = "MATCH (n:Person) RETURN count(n) AS n"


def _persons(engine: FalkorEngine, n: int) -> None:
    engine.write(
        "UNWIND $rows AS row CREATE (:Person {id_no: row.k})", [{"k": str(i)} for i in range(n)]
    )


@pytest.mark.parametrize(
    "query",
    [
        "LOAD CSV FROM 'https://example.invalid/x' AS r RETURN r",
        "load/*hidden*/csv FROM 'file:///etc/passwd' AS r RETURN r",
        "MATCH (n) CALL { LOAD CSV FROM 'https://example.invalid/x' AS r RETURN r } RETURN r",
    ],
)
def test_the_engine_refuses_load_csv_however_written(engine, query):
    with pytest.raises(QueryRefused):
        engine.query(query, {}, timeout_ms=10_000, max_rows=10)


def test_the_server_itself_cannot_open_a_connection_or_a_file(engine):
    """Even a LOAD CSV sent past every check reaches no host and no file."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(3)
        port = listener.getsockname()[1]
        query = f"LOAD CSV FROM 'https://127.0.0.1:{port}/leak?id=x' AS r RETURN r"
        engine._graph.ro_query(query)  # the plan check is bypassed on purpose
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody called
    with pytest.raises(ResponseError, match=r"(?i)csv"):
        engine._graph.ro_query("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r")


def test_a_runaway_query_stops_only_itself(tmp_path, monkeypatch):
    # The server may have 1 GB; the query asks for 16 GB (a billion values): it stops the
    # server, not the machine.
    monkeypatch.setenv("XIANSUO_ENGINE_MEMORY_MB", "1024")
    with FalkorEngine(tmp_path / "g.db") as engine:
        _persons(engine, 3)
        engine.checkpoint()
        with pytest.raises(EngineStopped):
            engine.query("UNWIND range(1, 1000000000) AS x RETURN x", {}, timeout_ms=10_000,
                         max_rows=10)  # fmt: skip
        assert engine.read(COUNT) == [{"n": 3}]  # started again from the checkpoint
        assert engine.query("RETURN 1 AS one", {}, timeout_ms=1000, max_rows=1) == [{"one": 1}]


def test_a_graph_opened_to_read_is_never_saved(tmp_path):
    path = tmp_path / "g.db"
    with FalkorEngine(path) as engine:
        _persons(engine, 2)
    before = path.read_bytes()
    with FalkorEngine(path, save=False) as reader:
        _persons(reader, 5)
    assert path.read_bytes() == before
    with FalkorEngine(path, save=False) as reader:
        assert reader.read(COUNT) == [{"n": 2}]


def test_an_error_inside_the_block_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "g.db"
    with FalkorEngine(path) as engine:
        _persons(engine, 2)
    before = path.read_bytes()
    with pytest.raises(RuntimeError), FalkorEngine(path) as engine:
        _persons(engine, 5)
        raise RuntimeError("the load failed half way")
    assert path.read_bytes() == before


def _holder(path: Path) -> subprocess.Popen:
    """A process that loads more into ``path``'s graph, then waits to be killed."""
    code = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from xiansuo.engines.falkordb import FalkorEngine
        engine = FalkorEngine(Path({str(path)!r}))
        engine.write("UNWIND range(1, 40) AS i CREATE (:Person {{id_no: toString(i)}})", [{{}}])
        print("ready", engine.server_pid(), flush=True)
        time.sleep(600)
    """)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def test_the_server_of_a_killed_process_is_stopped_without_saving(tmp_path):
    path = tmp_path / "g.db"
    with FalkorEngine(path) as engine:
        _persons(engine, 2)
    good = path.read_bytes()
    holder = _holder(path)
    word, pid = holder.stdout.readline().split()
    assert word == "ready"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert psutil.pid_exists(int(pid))  # the orphan still holds the half-loaded graph

    with FalkorEngine(path, save=False) as engine:
        assert engine.stopped_leftover
        assert engine.read(COUNT) == [{"n": 2}]
    deadline = time.monotonic() + 10
    while psutil.pid_exists(int(pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not psutil.pid_exists(int(pid)) or psutil.Process(int(pid)).status() == "zombie"
    assert path.read_bytes() == good


def test_a_server_in_use_by_a_live_process_is_left_alone(tmp_path):
    path = tmp_path / "g.db"
    holder = _holder(path)
    try:
        _, pid = holder.stdout.readline().split()
        with FalkorEngine(path, save=False) as engine:
            assert not engine.stopped_leftover
            assert engine.server_pid() == int(pid)  # it joined the running server
        assert psutil.pid_exists(int(pid))
    finally:
        holder.kill()
        holder.wait()
        with FalkorEngine(path, save=False):
            pass  # stops the orphan again


def test_a_server_whose_start_failed_is_not_left_running(tmp_path):
    """falkordblite writes its settings last: on a full disk the server is up, the start
    fails, and nobody would ever stop that server."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        with (disk / "filler").open("wb", buffering=0) as handle, contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 4096)
        with pytest.raises(OSError):
            FalkorEngine(disk / "graph" / "g.db")
        assert [
            p
            for p in psutil.process_iter(["name", "cwd"])
            if p.info["name"] == "redis-server" and str(disk) in (p.info["cwd"] or "")
        ] == []
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
