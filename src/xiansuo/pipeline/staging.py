"""Runs built aside and put in place whole: a failed, killed or concurrent run never changes
the run a folder holds.

A command that changes a run folder (``run``, ``load``, ``analyze``, ``report``) takes the
folder's run lock, builds everything it writes — the embedded graph included — in the
folder's staging folder, and only when it has succeeded marks the staging folder complete
and moves its files into place, holding the commit lock alone. Whatever an interrupted
command left is settled by the next one that takes the run lock: a complete staging folder
is moved into place (the moves are repeatable), an incomplete one is thrown away. Readers
settle too when no run is going on, and hold the commit lock with each other, so they see
the last complete run and never half of the next.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Literal

from xiansuo.engines.falkordb_server import stop_leftover
from xiansuo.model.files import atomic_write, fsync_folder
from xiansuo.model.lead import read_leads
from xiansuo.model.locks import Busy, exclusive, shared
from xiansuo.model.run_folder import RunFolder
from xiansuo.outputs.register import Register
from xiansuo.pipeline.project import Project

__all__ = ["Busy", "building", "previous_run_kept", "reading", "record_in_register", "settle"]

_COMPLETE = ".complete"  # written last into a staging folder: it may be moved into place
_REPLACED = ".replaced"  # what a move put aside, removed with the staging folder


Graph = Literal["new", "copy", "read"]


@contextlib.contextmanager
def building(project: Project, command: str, graph: Graph = "new") -> Iterator[Project]:
    """The project as the command builds it: its run folder is the staging folder, and its
    embedded graph a new file there (``new``), a copy of the current one to change
    (``copy``), or the current one, only to be read (``read``).

    Raises ``Busy`` if another command builds a run of this folder. When the block ends
    without an error, what was built replaces the folder's files; after an error nothing
    of it remains and the folder is as it was. On Neo4j the graph is the database itself:
    only the files are built aside.
    """
    live = project.run
    with exclusive(live.run_lock, command):
        settle(live)
        staging = live.staging()
        shutil.rmtree(staging.path, ignore_errors=True)
        staging.path.mkdir(parents=True)
        embedded = not project.neo4j_uri
        current = _graph(project)
        staged = replace(project, run=staging, graph=current if graph == "read" else None)
        if embedded and graph == "copy" and current.is_file():
            staging.graph.parent.mkdir(parents=True)
            shutil.copyfile(current, staging.graph)
        try:
            yield staged
        except BaseException as exc:
            shutil.rmtree(staging.path, ignore_errors=True)
            exc.previous_run_kept = True  # type: ignore[attr-defined]  # for the message
            raise
        _mark_complete(staging, graph_target=current if embedded and graph != "read" else None)
        _put_in_place(live)


def previous_run_kept(exc: BaseException) -> bool:
    """Whether ``exc`` ended a command that was building a run (the folder is unchanged)."""
    return bool(getattr(exc, "previous_run_kept", False))


def _graph(project: Project) -> Path:
    return project.graph or project.run.graph


def _mark_complete(staging: RunFolder, graph_target: Path | None) -> None:
    marker = {"graph": str(graph_target) if graph_target else None}
    atomic_write(staging.path / _COMPLETE, json.dumps(marker))


def _put_in_place(live: RunFolder) -> None:
    """Move a complete staging folder's files over the folder's own; repeatable."""
    staging = live.staging()
    marker = json.loads((staging.path / _COMPLETE).read_text(encoding="utf-8"))
    with exclusive(live.commit_lock, "commit", wait=True):
        aside = staging.path / _REPLACED
        aside.mkdir(exist_ok=True)
        for entry in sorted(staging.path.iterdir()):
            if entry.name in (_COMPLETE, _REPLACED):
                continue
            if entry == staging.graph.parent and marker["graph"]:
                target = Path(marker["graph"])
                if staging.graph.is_file():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _move(staging.graph, target, aside)
                shutil.rmtree(entry, ignore_errors=True)
                continue
            _move(entry, live.path / entry.name, aside)
        fsync_folder(live.path)
        if live.leads.is_file() and live.run_summary.is_file():
            record_in_register(live)
        shutil.rmtree(staging.path)


def _move(source: Path, target: Path, aside: Path) -> None:
    """``source`` over ``target``; a folder replaces a folder by a rename aside first."""
    if source.is_dir() and target.exists():
        os.replace(target, aside / f"{target.name}-{len(list(aside.iterdir()))}")
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno != 18:  # EXDEV: another file system (a --graph elsewhere)
            raise
        partial = target.with_name(f".{target.name}.partial")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        source.unlink()


def record_in_register(live: RunFolder) -> None:
    """The folder's leads in its lead register (as of the run's date), keeping every status,
    assignee and note; repeatable, and safe beside ``xiansuo leads set``."""
    as_of = json.loads(live.run_summary.read_text(encoding="utf-8"))["params"]["as_of"]
    with Register.editing(live.register, live.register_lock) as register:
        register.record_run(read_leads(live.leads), as_of)


def settle(live: RunFolder) -> str | None:
    """Finish or throw away what an interrupted command left; call with the run lock held.

    Returns what was done ("finished", "discarded") or None when nothing was left.
    """
    staging = live.staging()
    if not staging.path.exists():
        return None
    # The server of a killed build still holds its half-built graph: stop it, never save it.
    stop_leftover(staging.graph)
    if (staging.path / _COMPLETE).is_file():
        _put_in_place(live)
        return "finished"
    shutil.rmtree(staging.path, ignore_errors=True)
    return "discarded"


@contextlib.contextmanager
def reading(run: RunFolder) -> Iterator[None]:
    """Read the folder's run as a whole: settle leftovers when no run is going on, then keep
    a finished run from being put in place while the block reads. A folder that does not
    exist is left so (there is nothing to read, and the caller says so)."""
    if not run.path.is_dir():
        yield
        return
    with contextlib.suppress(Busy), exclusive(run.run_lock, "read"):
        settle(run)
    with shared(run.commit_lock):
        yield
