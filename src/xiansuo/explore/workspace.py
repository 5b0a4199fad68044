"""The run the explorer serves: its leads, priorities, rules and graph, read as one whole
run, and read again when a later run has been put in place.

The run folder's commit lock is held only while a run is read (``pipeline.staging.reading``),
never for the server's life, so later runs into the folder go on as usual; each request
checks that the run it serves is still the folder's, and a newer one is loaded before the
request is answered, so a page never mixes two runs.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self

from xiansuo.analysis import priority
from xiansuo.analysis.priority import Priority
from xiansuo.engines import GraphEngine, ReadOnlyViolation, Row
from xiansuo.engines.base import NewRelationships, NodeKey
from xiansuo.explore.handles import Handles
from xiansuo.explore.search import Finder, regions_of
from xiansuo.explore.views import Drawing
from xiansuo.model.lead import Lead, read_leads, short_ids
from xiansuo.model.run_folder import RunFolder
from xiansuo.outputs.history import Change, Editor, read_history
from xiansuo.outputs.order import sort_leads
from xiansuo.outputs.register import Register, RegisterEntry
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.staging import reading
from xiansuo.queries.rule import Rule

__all__ = ["TIMEOUT_MS", "Loaded", "NoRun", "ReadOnlyGraph", "Workspace"]

TIMEOUT_MS = 15_000  # the longest any of the explorer's queries may run


class NoRun(RuntimeError):
    """The folder holds no finished run."""


class ReadOnlyGraph:
    """A graph engine as the explorer uses it: reads only, one at a time, each bounded by a
    timeout (a workbench query by the one it was given); anything that would change the
    graph is refused."""

    def __init__(self, engine: GraphEngine, timeout_ms: int = TIMEOUT_MS) -> None:
        self.engine, self.timeout_ms = engine, timeout_ms
        self.name = engine.name
        self._lock = threading.Lock()

    def read(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        timeout = min(timeout_ms or self.timeout_ms, self.timeout_ms)
        with self._lock:
            return self.engine.read(query, params, timeout_ms=timeout)

    def query(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        max_rows: int,
    ) -> list[Row]:
        """A query someone wrote (the workbench): the engine's read-only, capped execution."""
        with self._lock:
            return self.engine.query(query, params, timeout_ms=timeout_ms, max_rows=max_rows)

    def _refuse(self, *_: object, **__: object) -> None:
        raise ReadOnlyViolation("the explorer never changes the graph")

    def ensure_schema(self, keys: Sequence[NodeKey]) -> None:
        self._refuse()

    def ensure_indexes(self, properties: Sequence[NodeKey]) -> None:
        self._refuse()

    def create_graph(
        self,
        nodes: Mapping[NodeKey, Sequence[Mapping[str, Any]]],
        relationships: Sequence[NewRelationships],
        keys: Sequence[NodeKey],
    ) -> None:
        self._refuse()

    def write(
        self,
        statement: str,
        rows: Sequence[Mapping[str, Any]],
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self._refuse()

    def checkpoint(self) -> None:
        self._refuse()

    def clear(self) -> None:
        self._refuse()

    def server_pid(self) -> int | None:
        return self.engine.server_pid()

    def close(self) -> None:
        with self._lock:
            self.engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stamp(run: RunFolder) -> str:
    """What changes when another run is put in place: its summary and leads files."""
    parts = []
    for path in (run.run_summary, run.leads):
        stat = path.stat()
        parts.append(f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}")
    return "/".join(parts)


@dataclass(frozen=True)
class Loaded:
    """One finished run, as read: nothing in it changes once loaded."""

    stamp: str
    as_of: str
    leads: dict[str, Lead]  # by priority, highest first
    priorities: dict[str, Priority]
    short: dict[str, str]
    rules: dict[str, Rule]
    graph: ReadOnlyGraph
    finder: Finder
    drawing: Drawing

    @property
    def run_id(self) -> str:
        """Names this run to the browser (it tells a page that a newer run was loaded)."""
        return f"{self.as_of}~{hashlib.sha256(self.stamp.encode()).hexdigest()[:8]}"

    def rule_title(self, lead: Lead, lang: str) -> str:
        rule = self.rules.get(lead.rule)
        return rule.title.get(lang) if rule else lead.title


class Workspace:
    """The project's run folder and graph, served to one investigator."""

    def __init__(self, project: Project, *, lang: str, mask: bool, user: str) -> None:
        self.project, self.lang, self.mask, self.user = project, lang, mask, user
        self.handles = Handles()
        self._loaded: Loaded | None = None
        self._lock = threading.RLock()
        self._register: tuple[str, Register] | None = None

    @property
    def run(self) -> RunFolder:
        return self.project.run

    def load(self) -> Loaded:
        """The folder's run, read again if a later run has replaced the one loaded."""
        with self._lock:
            current = self._loaded
            try:
                fresh = current is not None and _stamp(self.run) == current.stamp
            except OSError:
                fresh = False  # being replaced this very moment: read it whole below
            if current is not None and fresh:
                return current
            self._loaded = self._read()
            if current is not None:
                current.graph.close()
            return self._loaded

    def _read(self) -> Loaded:
        project, run = self.project, self.run
        with reading(run):
            if not run.has_run():
                raise NoRun(str(run.path))
            stamp = _stamp(run)
            summary = json.loads(run.run_summary.read_text(encoding="utf-8"))
            priorities = priority.read(run.priority)
            leads = sort_leads(read_leads(run.leads), priorities)
            graph = ReadOnlyGraph(project.engine(save=False))
        rules = {rule.id: rule for rule in project.rules}
        regions = regions_of(graph)
        titles = {rule_id: rule.title.get(self.lang) for rule_id, rule in rules.items()}
        return Loaded(
            stamp=stamp,
            as_of=str(summary.get("params", {}).get("as_of", "")),
            leads={lead.lead_id: lead for lead in leads},
            priorities=priorities,
            short=short_ids([lead.lead_id for lead in leads]),
            rules=rules,
            graph=graph,
            finder=Finder(graph, project.vocabulary, leads, regions, titles),
            drawing=Drawing(project.vocabulary, self.lang, regions, self.handles),
        )

    def register(self) -> Register:
        """The lead register as it is on disk now (read again only when it changed)."""
        path = self.run.register
        stat = path.stat() if path.is_file() else None
        signature = f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}" if stat else ""
        with self._lock:
            if self._register is None or self._register[0] != signature:
                self._register = (signature, Register(path))
            return self._register[1]

    def history(self, lead_id: str) -> list[Change]:
        return read_history(self.run.register_history, lead_id)

    def decide(
        self, lead_id: str, *, status: str | None, assignee: str | None, note: str | None
    ) -> RegisterEntry:
        """Record a lead's status, assignee or note, as ``xiansuo leads set`` does."""
        run = self.run
        editor = Editor.here("explore", self.user)
        with Register.editing(
            run.register, run.register_lock, history=run.register_history, editor=editor
        ) as register:
            return register.update(lead_id, status=status, assignee=assignee, note=note)

    def close(self) -> None:
        with self._lock:
            if self._loaded is not None:
                self._loaded.graph.close()
                self._loaded = None
