"""Load a folder of source tables into the graph, accounting for every row."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from xiansuo.engines import GraphEngine
from xiansuo.graph_loader.mapping import Mapping
from xiansuo.graph_loader.report import LoadReport, RejectWriter, TableReport, reason_kind
from xiansuo.graph_loader.source import SourceFile, find_sources
from xiansuo.graph_loader.statements import node_keys, statement
from xiansuo.graph_loader.transform import RowRejected, Shape, TableTransform
from xiansuo.graph_loader.writer import PipelinedWriter

__all__ = ["DEFAULT_BATCH", "load_tables"]

DEFAULT_BATCH = 5000
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
) -> LoadReport:
    """Load every mapped file of ``data_dir``; write ``rejects.csv`` into ``out_dir``.

    Every file's header is checked before anything is written, so a missing column stops
    the load cleanly; bad values only reject their row.
    """
    started = time.perf_counter()
    sources, unmapped = find_sources(data_dir, set(mappings))
    plans = [(s, TableTransform(mappings[s.table], s.header(), s.path.name)) for s in sources]
    report = LoadReport(str(data_dir), engine.name, unmapped_files=[p.name for p in unmapped])
    engine.ensure_schema(node_keys(mappings))
    out_dir.mkdir(parents=True, exist_ok=True)
    rejects_path = out_dir / "rejects.csv"
    with RejectWriter(rejects_path, mask=mask) as rejects, PipelinedWriter(engine) as out:
        for source, transform in plans:
            table = report.tables.setdefault(source.table, TableReport(source.table))
            table.files.append(source.path.name)
            table.encodings.append(source.encoding)
            _load_file(source, transform, out, table, rejects, batch_size, progress)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _load_file(
    source: SourceFile,
    transform: TableTransform,
    out: PipelinedWriter,
    table: TableReport,
    rejects: RejectWriter,
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
                rejects.write(
                    source.table, source.path.name, number, rejected.column,
                    rejected.reason, raw, id_columns,
                )  # fmt: skip
                table.rejected += 1
                table.reasons[reason_kind(rejected.reason)] += 1
                continue
            if first is not None:
                table.duplicates += 1
                continue
            batches[graph.shape].append(graph.params)
            table.loaded += 1
        for shape, rows in batches.items():
            if shape not in statements:
                statements[shape] = statement(mapping, shape)
            out.write(statements[shape], rows, provenance)
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
