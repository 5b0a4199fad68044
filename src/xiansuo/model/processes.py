"""Worker processes that never outlive the process that started them.

A ``ProcessPoolExecutor`` worker holds both ends of its own task pipe, so when the process
that started it is killed (kill -9, the machine's out-of-memory killer) it never reads an
end of input and waits for ever, holding its memory. Each worker here watches its parent
and exits once it is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["worker_pool"]

_WATCH_S = 0.5


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_S)
    os._exit(1)  # orphaned: nobody will read what this worker makes


def _start(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def worker_pool(
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """``workers`` fresh processes (spawned, so nothing of this process's state is shared
    by accident), each run ``initializer(*initargs)`` first and exits when this process does."""
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(os.getpid(), initializer, initargs),
    )
