"""Sends write batches to the engine from a second thread while rows are being prepared."""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping, Sequence
from typing import Any, Self

from xiansuo.engines import GraphEngine

__all__ = ["PipelinedWriter"]

_DONE = None


class PipelinedWriter:
    """Overlaps the engine's work on one batch with normalising the next.

    The queue is bounded, so memory stays a few batches deep; the first engine error is
    raised in the caller at its next ``write`` or at ``close``.
    """

    def __init__(self, engine: GraphEngine, depth: int = 2) -> None:
        self.engine = engine
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="xiansuo-writer", daemon=True)
        self._thread.start()

    def write(
        self, statement: str, rows: Sequence[Mapping[str, Any]], params: Mapping[str, Any]
    ) -> None:
        self._raise_if_failed()
        self._queue.put((statement, rows, params))

    def close(self) -> None:
        """Wait for every queued batch; raise the engine's error if one failed."""
        self._queue.put(_DONE)
        self._thread.join()
        self._raise_if_failed()

    def _run(self) -> None:
        while (item := self._queue.get()) is not _DONE:
            if self._error is None:  # after a failure, drain so the caller never blocks
                try:
                    self.engine.write(*item)
                except BaseException as exc:  # re-raised in the caller's thread
                    self._error = exc

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # the caller's own error wins; still stop the thread
            self._queue.put(_DONE)
            self._thread.join()
