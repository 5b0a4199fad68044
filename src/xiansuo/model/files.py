"""Writing files so that nobody ever reads half of one: a temporary name, fsync, rename."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["append_record", "atomic_open", "atomic_write", "fsync_folder"]


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (the folder's entry, not only the file's data)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w", **options: Any) -> Iterator[IO[Any]]:
    """A file to write ``path`` through: a temporary file beside it, renamed over ``path``
    once it is complete and on disk; on any error the temporary file is removed and ``path``
    is left as it was.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> with atomic_open(folder / "a.txt", encoding="utf-8") as f: _ = f.write("done")
    >>> (folder / "a.txt").read_text(encoding="utf-8"), [p.name for p in folder.iterdir()]
    ('done', ['a.txt'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial",
                                         dir=path.parent)  # fmt: skip
    try:
        with os.fdopen(handle, mode, **options) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    fsync_folder(path.parent)


def atomic_write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically (see ``atomic_open``); returns ``path``."""
    if isinstance(data, bytes):
        with atomic_open(path, "wb") as file:
            file.write(data)
    else:
        with atomic_open(path, "w", encoding=encoding, newline="") as file:
            file.write(data)
    return path


def append_record(path: Path, record: str, encoding: str = "utf-8") -> None:
    """Add ``record`` (one or more whole lines) at the end of an append-only file, on disk
    before this returns.

    Rewriting a log that grows with every action would cost more each time, so it is
    appended to instead, holding the file's lock: writers in other processes never
    interleave, and a write that falls short (a full disk) is cut off again, so the file
    holds whole records only and what it held before is never touched.

    >>> import tempfile; log = Path(tempfile.mkdtemp()) / "log.jsonl"
    >>> append_record(log, "1\\n"); append_record(log, "2\\n"); log.read_text()
    '1\\n2\\n'
    """
    payload = record.encode(encoding)
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        size = os.fstat(handle).st_size
        try:
            if os.write(handle, payload) != len(payload):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            os.fsync(handle)
        except BaseException:
            os.ftruncate(handle, size)
            raise
    finally:
        os.close(handle)  # releases the lock
    if created:
        fsync_folder(path.parent)
