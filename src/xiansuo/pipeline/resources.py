"""Peak memory of xiansuo's own process and of the engine's server while a run goes on."""

from __future__ import annotations

import contextlib
import threading
from typing import Self

import psutil

from xiansuo.engines import GraphEngine

__all__ = ["PeakMemory"]

_INTERVAL_S = 0.2


class PeakMemory:
    """Samples the resident memory (RSS) of this process (with the processes it starts) and
    of the engine's server.

    The engine's server is a process we did not fork ourselves (embedded FalkorDB starts it),
    so its memory is sampled too; a remote engine (Neo4j) has none here.
    """

    def __init__(self, engine: GraphEngine) -> None:
        self.own = psutil.Process()
        pid = engine.server_pid()
        self.server = psutil.Process(pid) if pid else None
        self.peak = {"xiansuo": 0, "engine": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="xiansuo-rss", daemon=True)

    def _measure(self) -> None:
        # Our own process and the processes it started for a while (the workbook's writer).
        ours = self.own.memory_info().rss
        for child in self.own.children(recursive=True):
            if self.server is None or child.pid != self.server.pid:
                with contextlib.suppress(psutil.Error):
                    ours += child.memory_info().rss
        self.peak["xiansuo"] = max(self.peak["xiansuo"], ours)
        if self.server is not None:
            try:
                self.peak["engine"] = max(self.peak["engine"], self.server.memory_info().rss)
            except psutil.NoSuchProcess:  # stopped between two samples: keep what we saw
                self.server = None

    def _sample(self) -> None:
        while not self._stop.wait(_INTERVAL_S):
            self._measure()

    def __enter__(self) -> Self:
        self._measure()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._measure()

    def megabytes(self) -> dict[str, float]:
        """The peaks in MB, as run_summary.json records them."""
        return {who: round(rss / 2**20, 1) for who, rss in self.peak.items()}
