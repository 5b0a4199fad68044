"""Writing files so that nobody ever reads half of one: a temporary name, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_open", "atomic_write", "fsync_folder"]


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
