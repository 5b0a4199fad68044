"""The stages a run goes through, shared by the CLI commands (load, demo)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xiansuo.analysis.summary import graph_summary
from xiansuo.engines import open_engine
from xiansuo.graph_loader import DEFAULT_BATCH, LoadReport, load_mappings, load_tables
from xiansuo.graph_loader.loader import Progress

__all__ = ["Outputs", "load_stage"]

REPORT_NAME = "load_report.json"
REJECTS_NAME = "rejects.csv"


@dataclass(frozen=True)
class Outputs:
    """Where a run's results live."""

    out_dir: Path
    graph: str
    report: Path
    rejects: Path


def default_graph(out_dir: Path) -> Path:
    """The embedded graph's file when no ``--graph`` is given."""
    return out_dir / "graph" / "xiansuo.db"


def load_stage(
    data_dir: Path,
    out_dir: Path,
    *,
    graph: Path | None = None,
    neo4j_uri: str | None = None,
    mapping_dirs: tuple[Path, ...] = (),
    batch_size: int = DEFAULT_BATCH,
    mask: bool = True,
    progress: Progress | None = None,
) -> tuple[LoadReport, Outputs]:
    """Load ``data_dir`` into the chosen engine; write the load report and rejects."""
    mappings = load_mappings(mapping_dirs)
    graph_path = graph or default_graph(out_dir)
    with open_engine(None if neo4j_uri else graph_path, neo4j_uri) as engine:
        report = load_tables(
            data_dir, engine, mappings, out_dir, batch_size=batch_size, mask=mask, progress=progress
        )
        report.graph = graph_summary(engine)
    outputs = Outputs(
        out_dir, neo4j_uri or str(graph_path), out_dir / REPORT_NAME, out_dir / REJECTS_NAME
    )
    report.write(outputs.report)
    return report, outputs
