"""Load a folder of source tables into the graph, accounting for every row."""

from __future__ import annotations

import gc
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from xiansuo.engines import GraphEngine
from xiansuo.graph_loader.builder import GraphBuilder
from xiansuo.graph_loader.census import Census
from xiansuo.graph_loader.judgements import Judgements
from xiansuo.graph_loader.report import (
    LoadReport,
    RejectWriter,
    ReviewWriter,
    TableReport,
    reason_kind,
)  # fmt: skip
from xiansuo.graph_loader.resolve import PartyIndex, Resolution, Resolver
from xiansuo.graph_loader.source import SourceFile, find_sources
from xiansuo.graph_loader.statements import statement
from xiansuo.graph_loader.transform import RowGraph, RowRejected, Shape, TableTransform
from xiansuo.graph_loader.writer import PipelinedWriter
from xiansuo.model.mapping import Mapping
from xiansuo.model.processes import worker_pool
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

__all__ = ["DEFAULT_BATCH", "check_sources", "load_tables"]

DEFAULT_BATCH = 5000
# Inputs this large are read and transformed by processes of their own, beside the loading
# one (starting them costs a second or two; below this the whole load takes a few seconds).
PARALLEL_BYTES = 8 * 2**20
WORKERS = 2  # for the census, while the loading process waits
TRANSFORMERS = 1  # for the first pass, beside the loading process (two cores in all)
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
    fresh: bool = False,
) -> LoadReport:
    """Load every mapped file of ``data_dir``; write the rejects and the resolution review
    into the run folder, whose judgements decide who a record is.

    ``fresh``: the graph is empty and is built here whole (``GraphBuilder``: nothing is
    written before every row is read), else each batch is merged into it as it comes.

    Everything that stops a load is checked before anything is written: which files there
    are, each file's header and sheets, then a census that reads every file to its end and
    collects the names each valid identifier goes with. Bad values only reject their row.
    """
    with _cyclic_gc_paused():
        return _load(data_dir, engine, vocabulary, run, batch_size, mask, progress, fresh)


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
    fresh: bool,
) -> LoadReport:
    started = time.perf_counter()
    plans, unmapped = _plan(data_dir, vocabulary)
    census = _census(plans, batch_size)
    report = LoadReport(str(data_dir), engine.name, unmapped_files=[p.name for p in unmapped])
    resolver = Resolver(PartyIndex(), Judgements.read(run.judgements), census)
    run.path.mkdir(parents=True, exist_ok=True)
    with (
        RejectWriter(run.rejects, mask=mask) as rejects,
        ReviewWriter(run.review, mask=mask) as review,
        _sink(engine, vocabulary, fresh) as out,
    ):
        outputs = _Outputs(out, rejects, review)
        loads = []
        for source, transform in plans:
            transform.resolver = resolver
            table = report.tables.setdefault(source.table, TableReport(source.table))
            table.files.append(source.path.name)
            table.encodings.append(source.encoding)
            loads.append(_FileLoad(source, transform, table, outputs))
        for index, chunk, outcomes, notes in _first_pass(plans, batch_size, resolver):
            load = loads[index]
            load.table.read += len(chunk)
            for resolution, name in notes:  # what another process's resolver saw
                resolver.index.note(resolution, name)
            load.take(chunk, outcomes)
            if progress:
                progress(load.source.table, len(chunk))
        waiting = [load for load in loads if load.deferred]
        # Every valid identifier has now been seen: resolve the mentions that needed them.
        for load in waiting:
            deferred, load.deferred = load.deferred, []
            for start in range(0, len(deferred), batch_size):
                rows = deferred[start : start + batch_size]
                load.take(rows, [_outcome(load.transform, n, c, True) for n, c in rows])
        review.shared_ids(census)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _census(plans: list[tuple[SourceFile, TableTransform]], batch_size: int) -> Census:
    """The names every valid identifier is written with, over all rows of all files.

    Every file is read to its end here, so that one that cannot be read stops the load
    before anything is written; only rows naming a party are looked at. Large inputs are
    read by two processes, a file each at a time (the files are independent here, and the
    census is a whole pass over the data: 56 s of a million persons' load); their names are
    counted in the files' order, as one process would.
    """
    files = [(source, transform.mapping, batch_size) for source, transform in plans]
    census = Census()
    if sum(source.path.stat().st_size for source, _, _ in files) < PARALLEL_BYTES:
        found: Iterable[list[tuple[str, str]]] = (_identities(*file) for file in files)
        for pairs in found:
            for identifier, name in pairs:
                census.add(identifier, name)
        return census
    with worker_pool(WORKERS) as readers:
        for pairs in readers.map(_identities, *zip(*files, strict=True)):
            for identifier, name in pairs:
                census.add(identifier, name)
    return census


def _identities(source: SourceFile, mapping: Mapping, batch_size: int) -> list[tuple[str, str]]:
    """(identifier, name) of every party validly named in a file, in row order."""
    gc.disable()  # as in the load (see _cyclic_gc_paused), also in a census process of its own
    transform = TableTransform(mapping, source.header(), source.path.name)
    found: list[tuple[str, str]] = []
    for chunk in source.chunks(batch_size):
        if transform.named_parties:
            for _, cells in chunk:
                found.extend(transform.identities(cells))
    return found


class _Sink(Protocol):
    def add(
        self, mapping: Mapping, shape: Shape, rows: list[dict], provenance: dict[str, str]
    ) -> None: ...


class _Merging:
    """Each batch as the MERGE statement of its shape, sent while the next is prepared."""

    def __init__(self, writer: PipelinedWriter) -> None:
        self.writer = writer
        self.statements: dict[tuple[str, Shape], str] = {}

    def add(
        self, mapping: Mapping, shape: Shape, rows: list[dict], provenance: dict[str, str]
    ) -> None:
        known = self.statements.get((mapping.table, shape))
        if known is None:
            known = self.statements[(mapping.table, shape)] = statement(mapping, shape)
        self.writer.write(known, rows, provenance)


@contextmanager
def _sink(engine: GraphEngine, vocabulary: Vocabulary, fresh: bool) -> Iterator[_Sink]:
    """Where the rows' nodes and relationships go: folded and created at the end in a fresh
    graph, else merged batch by batch (indexes first, to find what is there)."""
    if fresh:
        builder = GraphBuilder(engine, vocabulary.node_keys)
        yield builder
        builder.close()  # not after an error: the graph stays empty
        return
    engine.ensure_schema(vocabulary.node_keys)
    with PipelinedWriter(engine) as writer:
        yield _Merging(writer)


@dataclass(frozen=True)
class _Outputs:
    graph: _Sink
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
        self.provenance = {"src_table": source.table, "src_file": source.path.name}
        # Identity → (content, first row): the only state that grows with the input, two
        # small ints per distinct record, dropped once the file is done.
        self.seen: dict[int, tuple[int, int]] = {}
        self.deferred: list[tuple[int, list[str]]] = []

    def take(self, rows: list[tuple[int, list[str]]], outcomes: list[_Outcome]) -> None:
        """Account for a batch of rows and send what they make to the graph; ``outcomes``
        are their transforms (``_outcome``), None for a row that waits for the full index."""
        table, source = self.table, self.source
        batches: dict[Shape, list[dict]] = defaultdict(list)
        for (number, cells), graph in zip(rows, outcomes, strict=True):
            if graph is None:
                self.deferred.append((number, cells))
                continue
            try:
                if isinstance(graph, tuple):
                    raise RowRejected(*graph)
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
            self.out.graph.add(self.transform.mapping, shape, params, self.provenance)


# A row's transform: its graph, None (it waits for every identifier), or why it is rejected.
_Outcome = RowGraph | tuple[str, str] | None
_Note = tuple[Resolution, str | None]


def _outcome(transform: TableTransform, number: int, cells: list[str], final: bool) -> _Outcome:
    try:
        return transform.row(number, cells, final=final)
    except RowRejected as rejected:
        return (rejected.column, rejected.reason)


def _first_pass(
    plans: list[tuple[SourceFile, TableTransform]], batch_size: int, resolver: Resolver
) -> Iterator[tuple[int, list[tuple[int, list[str]]], list[_Outcome], list[_Note]]]:
    """Every file's rows in chunks with their transforms (and the identifiers the resolver
    noted doing them), in the files' and rows' order.

    Until every file is read, a row's transform depends only on the row, the census and the
    judgements (a mention needing the other rows' identifiers waits). So for a large input
    the rows are transformed by processes of their own, a few chunks ahead, while this one
    reads the files and accounts for what comes back: the same outcomes in the same order.
    """
    if _size(plans) < PARALLEL_BYTES:
        for index, (source, transform) in enumerate(plans):
            for chunk in source.chunks(batch_size):
                yield index, chunk, [_outcome(transform, n, c, False) for n, c in chunk], []
        return
    state = (resolver.judgements, resolver.census)
    with worker_pool(TRANSFORMERS, _start_worker, state) as workers:
        ahead: deque = deque()
        for index, (source, transform) in enumerate(plans):
            task = (source.path.name, transform.mapping, transform.header)
            for chunk in source.chunks(batch_size):
                ahead.append((index, chunk, workers.submit(_transform_chunk, task, chunk)))
                if len(ahead) > 3:  # a few chunks ahead, not the whole input in flight
                    index_, chunk_, done = ahead.popleft()
                    yield index_, chunk_, *done.result()
        while ahead:
            index_, chunk_, done = ahead.popleft()
            yield index_, chunk_, *done.result()


def _size(plans: list[tuple[SourceFile, TableTransform]]) -> int:
    return sum(source.path.stat().st_size for source, _ in plans)


class _NotingIndex(PartyIndex):
    """A worker's index: it only keeps what was noted, for the loading process to note."""

    def __init__(self) -> None:
        super().__init__()
        self.noted: list[_Note] = []

    def note(self, resolution: Resolution, name: str | None) -> None:
        self.noted.append((resolution, name))


_WORKER: dict[str, Any] = {}


def _start_worker(judgements: Judgements, census: Census) -> None:
    gc.disable()  # as in the load itself (see _cyclic_gc_paused)
    _WORKER["resolver"] = Resolver(_NotingIndex(), judgements, census)
    _WORKER["transforms"] = {}


def _transform_chunk(
    task: tuple[str, Mapping, list[str]], chunk: list[tuple[int, list[str]]]
) -> tuple[list[_Outcome], list[_Note]]:
    """In a worker: the first-pass transform of a chunk of one file's rows."""
    file_name, mapping, header = task
    transforms, resolver = _WORKER["transforms"], _WORKER["resolver"]
    transform = transforms.get(file_name)
    if transform is None:
        transform = transforms[file_name] = TableTransform(mapping, header, file_name, resolver)
    outcomes = [_outcome(transform, n, c, False) for n, c in chunk]
    noted, resolver.index.noted = resolver.index.noted, []
    return outcomes, noted


def _first_seen(seen: dict, identity: object, content: object, number: int) -> int | None:
    """The row that already loaded this record, or None; a conflicting repeat is rejected."""
    key, value = hash(identity), hash(content)
    previous = seen.setdefault(key, (value, number))
    if previous[1] == number:
        return None
    if previous[0] != value:
        raise RowRejected("", f"与第{previous[1]}行是同一记录但内容不同，请核对后保留一行")
    return previous[1]
