"""Load a folder of source tables into the graph, accounting for every row."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xiansuo.engines import GraphEngine
from xiansuo.graph_loader.judgements import Judgements
from xiansuo.graph_loader.mapping import Mapping
from xiansuo.graph_loader.report import (
    LoadReport,
    RejectWriter,
    ReviewWriter,
    TableReport,
    reason_kind,
)  # fmt: skip
from xiansuo.graph_loader.resolve import PartyIndex, Resolver
from xiansuo.graph_loader.source import SourceFile, find_sources
from xiansuo.graph_loader.statements import node_keys, statement
from xiansuo.graph_loader.transform import RowRejected, Shape, TableTransform
from xiansuo.graph_loader.writer import PipelinedWriter

__all__ = ["DEFAULT_BATCH", "load_tables"]

DEFAULT_BATCH = 5000
REJECTS = "rejects.csv"
REVIEW = "resolution_review.csv"
ID_TYPES = frozenset({"resident_id", "party_id"})
Progress = Callable[[str, int], None]


def load_tables(
    data_dir: Path,
    engine: GraphEngine,
    mappings: dict[str, Mapping],
    out_dir: Path,
    *,
    batch_size: int = DEFAULT_BATCH,
    mask: bool = True,
    progress: Progress | None = None,
    judgements: Path | None = None,
) -> LoadReport:
    """Load every mapped file of ``data_dir``; write ``rejects.csv`` into ``out_dir``.

    Every file's header is checked before anything is written, so a missing column stops
    the load cleanly; bad values only reject their row.
    """
    started = time.perf_counter()
    sources, unmapped = find_sources(data_dir, set(mappings))
    plans = [(s, TableTransform(mappings[s.table], s.header(), s.path.name)) for s in sources]
    report = LoadReport(str(data_dir), engine.name, unmapped_files=[p.name for p in unmapped])
    resolver = Resolver(census(plans, batch_size), Judgements.read(judgements))
    engine.ensure_schema(node_keys(mappings))
    out_dir.mkdir(parents=True, exist_ok=True)
    with (
        RejectWriter(out_dir / REJECTS, mask=mask) as rejects,
        ReviewWriter(out_dir / REVIEW, mask=mask) as review,
        PipelinedWriter(engine) as out,
    ):
        for source, transform in plans:
            transform.resolver = resolver
            table = report.tables.setdefault(source.table, TableReport(source.table))
            table.files.append(source.path.name)
            table.encodings.append(source.encoding)
            outputs = _Outputs(out, rejects, review)
            _load_file(source, transform, outputs, table, batch_size, progress)
        review.shared_ids(resolver.index)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


@dataclass(frozen=True)
class _Outputs:
    graph: PipelinedWriter
    rejects: RejectWriter
    review: ReviewWriter


def census(plans: list[tuple[SourceFile, TableTransform]], batch_size: int) -> PartyIndex:
    """A first pass over every file: the valid identifiers and the names they go with."""
    index = PartyIndex()
    for source, transform in plans:
        if not transform.parties:
            continue
        for chunk in source.chunks(batch_size):
            for _, cells in chunk:
                for raw, name, kind in transform.mentions(cells):
                    index.add(raw, name, kind)
    return index


def _load_file(
    source: SourceFile,
    transform: TableTransform,
    outputs: _Outputs,
    table: TableReport,
    batch_size: int,
    progress: Progress | None,
) -> None:
    mapping = transform.mapping
    header = source.header()
    id_columns = frozenset(s.column for s in mapping.fields.values() if s.type in ID_TYPES)
    statements: dict[Shape, str] = {}
    provenance = {"src_table": source.table, "src_file": source.path.name}
    # Identity → (content, first row): the only state that grows with the input, two
    # small ints per distinct record, kept per table.
    seen: dict[int, tuple[int, int]] = {}
    for chunk in source.chunks(batch_size):
        batches: dict[Shape, list[dict]] = defaultdict(list)
        for number, cells in chunk:
            table.read += 1
            try:
                graph = transform.row(number, cells)
                first = _first_seen(seen, graph.identity, graph.content, number)
            except RowRejected as rejected:
                raw = dict(zip(header, cells, strict=False))
                outputs.rejects.write(
                    source.table, source.path.name, number, rejected.column,
                    rejected.reason, raw, id_columns,
                )  # fmt: skip
                table.rejected += 1
                table.reasons[reason_kind(rejected.reason)] += 1
                continue
            if first is not None:
                table.duplicates += 1
                continue
            for resolution in graph.resolutions.values():
                table.matches[resolution.match] += 1
                if resolution.key is None or len(resolution.candidates) > 1:
                    outputs.review.mention(source.table, source.path.name, number, resolution)
            batches[graph.shape].append(graph.params)
            table.loaded += 1
        for shape, rows in batches.items():
            if shape not in statements:
                statements[shape] = statement(mapping, shape)
            outputs.graph.write(statements[shape], rows, provenance)
        if progress:
            progress(source.table, len(chunk))


def _first_seen(seen: dict, identity: object, content: object, number: int) -> int | None:
    """The row that already loaded this record, or None; a conflicting repeat is rejected."""
    key, value = hash(identity), hash(content)
    previous = seen.setdefault(key, (value, number))
    if previous[1] == number:
        return None
    if previous[0] != value:
        raise RowRejected("", f"与第{previous[1]}行是同一记录但内容不同，请核对后保留一行")
    return previous[1]
