"""Load a folder of source tables into the graph, accounting for every row."""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from xiansuo.engines import GraphEngine
from xiansuo.graph_loader.census import Census
from xiansuo.graph_loader.judgements import Judgements
from xiansuo.graph_loader.report import (
    LoadReport,
    RejectWriter,
    ReviewWriter,
    TableReport,
    reason_kind,
)  # fmt: skip
from xiansuo.graph_loader.resolve import PartyIndex, Resolver
from xiansuo.graph_loader.source import SourceFile, find_sources
from xiansuo.graph_loader.statements import statement
from xiansuo.graph_loader.transform import RowRejected, Shape, TableTransform
from xiansuo.graph_loader.writer import PipelinedWriter
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

__all__ = ["DEFAULT_BATCH", "check_sources", "load_tables"]

DEFAULT_BATCH = 5000
Progress = Callable[[str, int], None]


def load_tables(
    data_dir: Path,
    engine: GraphEngine,
    vocabulary: Vocabulary,
    run: RunFolder,
    *,
    batch_size: int = DEFAULT_BATCH,
    mask: bool = True,
    progress: Progress | None = None,
) -> LoadReport:
    """Load every mapped file of ``data_dir``; write the rejects and the resolution review
    into the run folder, whose judgements decide who a record is.

    Everything that stops a load is checked before anything is written: which files there
    are, each file's header and sheets, then a census that reads every file to its end and
    collects the names each valid identifier goes with. Bad values only reject their row.
    """
    with _cyclic_gc_paused():
        return _load(data_dir, engine, vocabulary, run, batch_size, mask, progress)


def check_sources(data_dir: Path, vocabulary: Vocabulary) -> None:
    """Every check that can stop a load (folder, files, encodings, headers), before anything
    is written anywhere; raises InputError naming the file and the column."""
    _plan(data_dir, vocabulary)


def _plan(
    data_dir: Path, vocabulary: Vocabulary
) -> tuple[list[tuple[SourceFile, TableTransform]], list[Path]]:
    mappings = vocabulary.mappings
    sources, unmapped = find_sources(data_dir, set(mappings))
    plans = [(s, TableTransform(mappings[s.table], s.header(), s.path.name)) for s in sources]
    return plans, unmapped


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Keep Python's cyclic collector out of the load.

    The loader makes millions of small long-lived objects (the identifier index, duplicate
    checks) and hardly any reference cycles; the collector would traverse them all again and
    again (measured: half the time of a 1M-person load). Reference counting frees the rest,
    and the collector runs again once the load is over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(
    data_dir: Path,
    engine: GraphEngine,
    vocabulary: Vocabulary,
    run: RunFolder,
    batch_size: int,
    mask: bool,
    progress: Progress | None,
) -> LoadReport:
    started = time.perf_counter()
    plans, unmapped = _plan(data_dir, vocabulary)
    census = _census(plans, batch_size)
    report = LoadReport(str(data_dir), engine.name, unmapped_files=[p.name for p in unmapped])
    resolver = Resolver(PartyIndex(), Judgements.read(run.judgements), census)
    engine.ensure_schema(vocabulary.node_keys)
    run.path.mkdir(parents=True, exist_ok=True)
    with (
        RejectWriter(run.rejects, mask=mask) as rejects,
        ReviewWriter(run.review, mask=mask) as review,
        PipelinedWriter(engine) as out,
    ):
        outputs = _Outputs(out, rejects, review)
        waiting: list[_FileLoad] = []
        for source, transform in plans:
            transform.resolver = resolver
            table = report.tables.setdefault(source.table, TableReport(source.table))
            table.files.append(source.path.name)
            table.encodings.append(source.encoding)
            load = _FileLoad(source, transform, table, outputs)
            for chunk in source.chunks(batch_size):
                table.read += len(chunk)
                load.rows(chunk, final=False)
                if progress:
                    progress(source.table, len(chunk))
            if load.deferred:
                waiting.append(load)
        # Every valid identifier has now been seen: resolve the mentions that needed them.
        for load in waiting:
            deferred, load.deferred = load.deferred, []
            for start in range(0, len(deferred), batch_size):
                load.rows(deferred[start : start + batch_size], final=True)
        review.shared_ids(census)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _census(plans: list[tuple[SourceFile, TableTransform]], batch_size: int) -> Census:
    """The names every valid identifier is written with, over all rows of all files."""
    census = Census()
    for source, transform in plans:
        # Every file is read to its end here, so that one that cannot be read stops the
        # load before anything is written; only rows naming a party are looked at.
        for chunk in source.chunks(batch_size):
            if transform.named_parties:
                for _, cells in chunk:
                    for identifier, name in transform.identities(cells):
                        census.add(identifier, name)
    return census


@dataclass(frozen=True)
class _Outputs:
    graph: PipelinedWriter
    rejects: RejectWriter
    review: ReviewWriter


class _FileLoad:
    """One file's load: its duplicate check and statements, kept while rows wait.

    Rows whose party cannot be resolved from its own identifier (a typo, no ID) wait until
    every file has been read, so that resolution can look among all valid identifiers.
    """

    def __init__(
        self, source: SourceFile, transform: TableTransform, table: TableReport, out: _Outputs
    ) -> None:
        self.source, self.transform, self.table, self.out = source, transform, table, out
        self.statements: dict[Shape, str] = {}
        self.provenance = {"src_table": source.table, "src_file": source.path.name}
        # Identity → (content, first row): the only state that grows with the input, two
        # small ints per distinct record, dropped once the file is done.
        self.seen: dict[int, tuple[int, int]] = {}
        self.deferred: list[tuple[int, list[str]]] = []

    def rows(self, rows: list[tuple[int, list[str]]], *, final: bool) -> None:
        """Load a batch of rows; with ``final`` False, rows needing the full index wait."""
        table, source = self.table, self.source
        batches: dict[Shape, list[dict]] = defaultdict(list)
        for number, cells in rows:
            try:
                graph = self.transform.row(number, cells, final=final)
                if graph is None:
                    self.deferred.append((number, cells))
                    continue
                first = _first_seen(self.seen, graph.identity, graph.content, number)
            except RowRejected as rejected:
                self.out.rejects.write(
                    source.table, source.path.name, number, rejected.column,
                    rejected.reason, self.transform.raw(cells),
                )  # fmt: skip
                table.rejected += 1
                table.reasons[reason_kind(rejected.reason)] += 1
                continue
            if first is not None:
                table.duplicates += 1
                continue
            for resolution in graph.resolutions.values():
                table.matches[resolution.match] += 1
                if resolution.flag:
                    table.flags[resolution.flag] += 1
                    self.out.review.suspect(source.table, source.path.name, number, resolution)
                if resolution.key is None or len(resolution.candidates) > 1:
                    self.out.review.mention(source.table, source.path.name, number, resolution)
            batches[graph.shape].append(graph.params)
            table.loaded += 1
        for shape, params in batches.items():
            if shape not in self.statements:
                self.statements[shape] = statement(self.transform.mapping, shape)
            self.out.graph.write(self.statements[shape], params, self.provenance)


def _first_seen(seen: dict, identity: object, content: object, number: int) -> int | None:
    """The row that already loaded this record, or None; a conflicting repeat is rejected."""
    key, value = hash(identity), hash(content)
    previous = seen.setdefault(key, (value, number))
    if previous[1] == number:
        return None
    if previous[0] != value:
        raise RowRejected("", f"与第{previous[1]}行是同一记录但内容不同，请核对后保留一行")
    return previous[1]
