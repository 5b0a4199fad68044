"""Locks on a run folder: one writer at a time, and who holds the lock when it is taken.

They are ``flock`` locks on a file, which the operating system releases when the holding
process ends in any way (``kill -9`` included): a lock is never stale, and the file only
records who held it last (process, start time, command), for the message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import getpass
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Busy", "Holder", "exclusive", "shared"]


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a lock."""

    pid: int
    started: str
    command: str
    user: str

    def describe(self) -> str:
        return f"{self.command} (PID {self.pid}, {self.user}, {self.started})"


class Busy(RuntimeError):
    """Another process holds the lock."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        self.path, self.holder = path, holder
        who = holder.describe() if holder else "another process"
        super().__init__(f"{path.parent.parent}: {who} is using this folder")


def _holder(handle: int) -> Holder | None:
    try:
        data = json.loads(os.pread(handle, 4096, 0).decode("utf-8") or "null")
        return Holder(**data) if data else None
    except (ValueError, TypeError, OSError):
        return None


@contextlib.contextmanager
def exclusive(path: Path, command: str, *, wait: bool = False) -> Iterator[Holder]:
    """Hold ``path``'s lock alone; raise ``Busy`` (naming the holder) if another process
    holds it, unless ``wait``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy(path, _holder(handle)) from None
        me = Holder(os.getpid(), dt.datetime.now().isoformat(timespec="seconds"), command,
                    getpass.getuser())  # fmt: skip
        os.ftruncate(handle, 0)
        os.pwrite(handle, json.dumps(vars(me), ensure_ascii=False).encode("utf-8"), 0)
        yield me
    finally:
        os.close(handle)  # releases the lock


@contextlib.contextmanager
def shared(path: Path) -> Iterator[None]:
    """Hold ``path``'s lock with other readers, waiting while a writer holds it alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield
    finally:
        os.close(handle)
