"""A run folder opened from a notebook: its leads, priorities and register as DataFrames,
queries on its graph, and each lead's subgraph."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from xiansuo.analysis import priority
from xiansuo.model.lead import Lead, read_leads
from xiansuo.model.masking import mask_values
from xiansuo.model.subgraph import Subgraph
from xiansuo.model.texts import DEFAULT_LANG, text
from xiansuo.notebook.graphs import GraphView, from_networkx, to_networkx
from xiansuo.outputs.register import Register
from xiansuo.pipeline.adhoc import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT_S,
    QueryResult,
    try_query,
)
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.staging import reading
from xiansuo.queries.checks import position
from xiansuo.viz.lead_graph import lead_subgraph

__all__ = ["QueryWarning", "Run", "open_run"]


class QueryWarning(UserWarning):
    """What the checks found in a query that still ran (a typo, a value never stored)."""


class Run:
    """One output folder of ``xiansuo run``, read as a whole each time it is asked.

    ID numbers are masked by value in everything it gives unless ``mask`` is off; texts are
    in ``lang``. The graph is opened read-only for each query or subgraph and closed after,
    so a run may be put in place between two cells.
    """

    def __init__(self, project: Project, *, mask: bool = True, lang: str = DEFAULT_LANG) -> None:
        self.project, self.mask, self.lang = project, mask, lang

    def __repr__(self) -> str:
        return f"Run({str(self.project.run.path)!r}, mask={self.mask}, lang={self.lang!r})"

    def _shown(self, value: Any) -> Any:
        return mask_values(value) if self.mask else value

    def _leads(self) -> list[Lead]:
        with reading(self.project.run):
            if not self.project.run.has_run():
                raise FileNotFoundError(text("cli.no_run", self.lang, out=self.project.run.path))
            return read_leads(self.project.run.leads)

    @property
    def leads(self) -> pd.DataFrame:
        """One row per lead: id, rule, severity, title, summary, persons, cases."""
        titles = {rule.id: rule.title.get(self.lang) for rule in self.project.rules}
        rows = [
            {
                "lead_id": lead.lead_id,
                "rule": lead.rule,
                "severity": lead.severity,
                "title": titles.get(lead.rule, lead.title),
                "summary": self._shown(lead.summary_in(self.lang)),
                "persons": self._shown(list(lead.persons)),
                "cases": list(lead.cases),
            }
            for lead in self._leads()
        ]
        columns = ["lead_id", "rule", "severity", "title", "summary", "persons", "cases"]
        return pd.DataFrame(rows, columns=columns)

    @property
    def priorities(self) -> pd.DataFrame:
        """Each lead's priority score and why, highest first (empty without the analysis)."""
        with reading(self.project.run):
            found = priority.read(self.project.run.priority)
        rows = [
            {"lead_id": lead_id, "score": p.score, "why": self._shown(p.why(self.lang))}
            for lead_id, p in found.items()
        ]
        frame = pd.DataFrame(rows, columns=["lead_id", "score", "why"])
        return frame.sort_values(["score", "lead_id"], ascending=[False, True], ignore_index=True)

    @property
    def register(self) -> pd.DataFrame:
        """The lead register: status, assignee and note of every lead seen in this folder."""
        with reading(self.project.run):
            entries = Register(self.project.run.register).entries.values()
        rows = [{**asdict(e), "summary": self._shown(e.summary)} for e in entries]
        return pd.DataFrame(rows, columns=[
            "lead_id", "rule", "summary", "status", "assignee", "note", "first_seen", "last_seen"
        ])  # fmt: skip

    def query(
        self,
        cypher: str,
        /,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
        timeout: float = DEFAULT_TIMEOUT_S,
        **params: Any,
    ) -> pd.DataFrame:
        """Run ``cypher`` as ``xiansuo query`` does: checked (each finding a ``QueryWarning``),
        read-only, capped at ``max_rows`` (``frame.attrs["truncated"]`` says if it cut),
        masked. ``params`` are the ``$parameters``; a ``datetime.date`` also gives
        ``$<name>_day``. Raises ``QueryNotRun`` for an unsafe query or an engine error."""
        result = self._query(cypher, params, max_rows=max_rows, timeout=timeout)
        for found in result.check.warnings:
            line, column = position(cypher, found.at)
            warnings.warn(f"{line}:{column}: [{found.check}] {found.message[self.lang]}",
                          QueryWarning, stacklevel=2)  # fmt: skip
        frame = pd.DataFrame(result.rows, columns=list(result.columns))
        frame.attrs.update(truncated=result.truncated, seconds=result.seconds)
        return frame

    def _query(
        self, cypher: str, params: dict[str, Any], *, max_rows: int, timeout: float
    ) -> QueryResult:
        with reading(self.project.run), self._engine() as engine:
            return try_query(engine, self.project.vocabulary, cypher, params,
                             max_rows=max_rows, timeout_s=timeout, mask=self.mask)  # fmt: skip

    def _engine(self) -> Any:
        graph = self.project.graph or self.project.run.graph
        if not self.project.neo4j_uri and not graph.is_file():
            raise FileNotFoundError(text("cli.no_graph", self.lang, path=graph))
        return self.project.engine(save=False)

    def _subgraph(self, lead_id: str) -> Subgraph:
        lead = next((lead for lead in self._leads() if lead.lead_id == lead_id), None)
        if lead is None:
            raise KeyError(text("cli.unknown_lead", self.lang, lead=lead_id))
        with reading(self.project.run), self._engine() as engine:
            return lead_subgraph(engine, self.project.vocabulary, lead, lang=self.lang)

    def subgraph(self, lead_id: str) -> nx.MultiDiGraph:
        """The lead's subgraph (what its page draws) as a networkx graph."""
        return to_networkx(self._subgraph(lead_id), mask=self.mask)

    def show(self, lead: str | nx.MultiDiGraph, *, height: int = 600) -> GraphView:
        """A lead (by id) or a graph from ``subgraph`` (pruned or not), drawn inline."""
        found = self._subgraph(lead) if isinstance(lead, str) else from_networkx(lead)
        return GraphView(found, self.project.vocabulary, mask=self.mask, lang=self.lang,
                         height=height)  # fmt: skip


def open_run(
    out: str | Path,
    *,
    mappings: Iterable[str | Path] = (),
    rules: Iterable[str | Path] = (),
    mask: bool = True,
    lang: str = DEFAULT_LANG,
) -> Run:
    """The run in output folder ``out`` (of ``xiansuo run --out``), with the same
    ``--mappings`` and ``--rules`` folders the run had."""
    project = Project.open(
        Path(out), mappings=[Path(m) for m in mappings], rules=[Path(r) for r in rules]
    )
    return Run(project, mask=mask, lang=lang)
