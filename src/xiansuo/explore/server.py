"""Starting the explorer: a socket on the loopback address (a free port unless told), the
one line with the address and its token, uvicorn serving until it is stopped."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn

from xiansuo.explore.app import make_app
from xiansuo.explore.audit import AuditTrail
from xiansuo.explore.security import Keys
from xiansuo.explore.workspace import Workspace

__all__ = ["LOOPBACK", "Explorer", "is_loopback"]

LOOPBACK = "127.0.0.1"
WATCH_SECONDS = 2.0  # how often the folder is checked for a newer run


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address of this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@dataclass
class Explorer:
    """One server over one workspace."""

    workspace: Workspace
    host: str = LOOPBACK
    port: int = 0
    keys: Keys = field(default_factory=Keys)

    def __post_init__(self) -> None:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((self.host, self.port))
        self.socket.listen(64)  # a browser opening the address at once waits, is not refused
        self.port = self.socket.getsockname()[1]
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.origin = f"http://{shown}:{self.port}"
        hosts = {f"{shown}:{self.port}"}
        if is_loopback(self.host):
            hosts |= {f"localhost:{self.port}", f"{LOOPBACK}:{self.port}"}
        audit = AuditTrail(self.workspace.run, self.workspace.user)
        self.audit = audit
        app = make_app(self.workspace, self.keys, hosts, audit)
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", server_header=False
        )
        self.server = uvicorn.Server(config)
        self._stop = threading.Event()

    @property
    def url(self) -> str:
        """The address to open: the token in it is exchanged for a cookie on first use."""
        return f"{self.origin}/?token={self.keys.token}"

    def _watch(self) -> None:
        """Load a newer run as soon as one is put in place, not only on the next request."""
        while not self._stop.wait(WATCH_SECONDS):
            try:
                self.workspace.load()
            except Exception:  # the next request reports it
                continue

    def serve(self) -> None:
        """Serve until interrupted (Ctrl-C); the graph is closed at the end."""
        watcher = threading.Thread(target=self._watch, daemon=True)
        watcher.start()
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self._stop.set()
            self.workspace.close()

    @contextmanager
    def running(self) -> Iterator[Explorer]:
        """Serve in a thread for the block (tests, benchmarks, screenshots)."""
        thread = threading.Thread(target=self.serve, daemon=True)
        thread.start()
        while not self.server.started and thread.is_alive():
            threading.Event().wait(0.02)
        try:
            yield self
        finally:
            self.server.should_exit = True
            thread.join(timeout=30)
