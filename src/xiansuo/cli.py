"""The ``xiansuo`` command line: parses arguments, calls the pipeline, prints results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from xiansuo.graph_loader import DEFAULT_BATCH, LoadReport
from xiansuo.graph_loader.errors import InputError
from xiansuo.pipeline import Outputs, load_stage

app = typer.Typer(help="xiansuo (线索): graph linkage analysis for legal-supervision leads.")
console = Console()

OutDir = Annotated[Path, typer.Option("--out", "-o", help="Output folder for reports.")]
GraphOpt = Annotated[
    Path | None,
    typer.Option("--graph", help="Embedded graph file [default: OUT/graph/xiansuo.db]."),
]
Neo4jOpt = Annotated[
    str | None,
    typer.Option(
        "--neo4j",
        envvar="XIANSUO_NEO4J_URI",
        help="Use Neo4j at bolt://… or neo4j://… (credentials from XIANSUO_NEO4J_USER / "
        "XIANSUO_NEO4J_PASSWORD).",
    ),
]
MappingOpt = Annotated[
    list[Path] | None, typer.Option("--mappings", help="Extra folder of mapping *.yaml files.")
]
MaskOpt = Annotated[bool, typer.Option("--mask/--no-mask", help="Mask ID numbers in outputs.")]


def _run_load(data_dir: Path, out: Path, **options: object) -> tuple[LoadReport, Outputs]:
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("loading", total=None)

        def advance(table: str, rows: int) -> None:
            bar.update(task, advance=rows, description=f"loading {table}")

        try:
            return load_stage(data_dir, out, progress=advance, **options)
        except InputError as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None


def _print_report(report: LoadReport, outputs: Outputs) -> None:
    table = Table(title=f"load report ({report.engine}, {report.seconds:.1f} s)")
    for column in ("table", "read", "loaded", "duplicates", "rejected"):
        table.add_column(column, justify="left" if column == "table" else "right")
    for row in [*report.tables.values(), report.totals]:
        table.add_row(
            row.table, *(str(n) for n in (row.read, row.loaded, row.duplicates, row.rejected))
        )
    console.print(table)
    for name in report.unmapped_files:
        console.print(f"[yellow]skipped {name}: no mapping for this table[/yellow]")
    nodes = ", ".join(f"{k} {v}" for k, v in report.graph.get("nodes", {}).items())
    # Paths must stay copyable: no wrapping inside them.
    console.print(f"graph: {outputs.graph}\n  nodes: {nodes}", soft_wrap=True)
    console.print(f"report: {outputs.report}\nrejects: {outputs.rejects}", soft_wrap=True)


@app.command()
def load(
    data_dir: Annotated[Path, typer.Argument(help="Folder with the source tables.")],
    out: OutDir = Path("xiansuo-out"),
    graph: GraphOpt = None,
    neo4j: Neo4jOpt = None,
    mappings: MappingOpt = None,
    batch_size: Annotated[int, typer.Option(min=1)] = DEFAULT_BATCH,
    mask: MaskOpt = True,
) -> None:
    """Load the tables of DATA_DIR into the graph and write the load report."""
    report, outputs = _run_load(
        data_dir, out, graph=graph, neo4j_uri=neo4j, mapping_dirs=tuple(mappings or ()),
        batch_size=batch_size, mask=mask,
    )  # fmt: skip
    _print_report(report, outputs)


@app.command()
def generate(
    out: Annotated[Path, typer.Argument(help="Folder to write the nine tables into.")],
    persons: Annotated[int, typer.Option(min=1)] = 1000,
    seed: int = 1,
    dirty: Annotated[bool, typer.Option(help="Add the mess real exports contain.")] = False,
) -> None:
    """Generate synthetic source tables with planted leads and decoys."""
    from xiansuo.synth import generate as run_generate

    summary = run_generate(out, persons=persons, seed=seed, dirty=dirty)
    console.print(summary.describe())


@app.command()
def demo(
    out: OutDir = Path("xiansuo-demo"),
    persons: Annotated[int, typer.Option(min=1)] = 2000,
    seed: int = 1,
    dirty: Annotated[bool, typer.Option(help="Generate dirty data.")] = True,
) -> None:
    """Generate data, load it into the embedded graph and show where the results are."""
    from xiansuo.synth import generate as run_generate

    data_dir = out / "data"
    console.print(run_generate(data_dir, persons=persons, seed=seed, dirty=dirty).describe())
    report, outputs = _run_load(data_dir, out, graph=None, neo4j_uri=None)
    _print_report(report, outputs)


if __name__ == "__main__":
    app()
