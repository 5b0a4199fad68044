"""``xiansuo query``: try a query on a run's graph, checked, read-only, capped and masked."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from xiansuo.cli.common import Ui, command
from xiansuo.cli.options import MaskOpt
from xiansuo.model.spreadsheet import SheetWriter
from xiansuo.model.texts import join
from xiansuo.pipeline.adhoc import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT_S,
    QueryNotRun,
    QueryResult,
    parse_params,
    try_query,
)
from xiansuo.pipeline.project import Project
from xiansuo.queries.checks import Finding, position

__all__ = ["query"]

ParamOpt = typer.Option(
    "--param",
    "-p",
    metavar="NAME=VALUE",
    help="A $parameter (repeat for more); typed by what the query compares it with, else by "
    "its look: true/false, a number, a YYYY-MM-DD date (also $NAME_day), text.",
)
# Warnings go to stderr, so that CSV or JSON on stdout stays data alone.
NOTES = Console(stderr=True)


def _note(message: str) -> None:
    NOTES.print(message, soft_wrap=True, markup=False, highlight=False)


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return join((_cell(v, lang) for v in value), lang)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _finding(ui: Ui, text: str, found: Finding) -> str:
    line, column = position(text, found.at)
    severity = ui.t(f"check.{found.severity}")
    return f"{line}:{column}: {severity} [{found.check}] {found.message[ui.lang]}"


def _print(ui: Ui, result: QueryResult, output: str) -> None:
    if output == "json":
        sys.stdout.write(json.dumps(result.rows, ensure_ascii=False, indent=1) + "\n")
    elif output == "csv":
        # Cells that look like formulas are neutralised for Excel and WPS, as in every CSV.
        writer = SheetWriter(sys.stdout)
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(_cell(row.get(c), ui.lang) for c in result.columns)
    else:
        table = Table()
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in result.rows:
            table.add_row(*(_cell(row.get(c), ui.lang) for c in result.columns))
        ui.console.print(table)
    sys.stdout.flush()  # before the notes on stderr


@command(graph=True)
def query(
    ui: Ui,
    project: Project,
    cypher: Annotated[str, typer.Argument(metavar="CYPHER", help="A read-only Cypher query.")],
    param: Annotated[list[str] | None, ParamOpt] = None,
    output: Annotated[
        Literal["table", "csv", "json"], typer.Option("--format", help="How rows are printed.")
    ] = "table",
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Most rows.")] = (
        DEFAULT_MAX_ROWS
    ),
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds before the query is stopped.")
    ] = DEFAULT_TIMEOUT_S,
    mask: MaskOpt = True,
) -> None:
    """Try a query on the run's graph: checked, read-only, capped, masked; rows to stdout."""
    values = parse_params(param or ())
    with ui.reading(project), project.engine(save=False) as engine:
        try:
            result = try_query(engine, project.vocabulary, cypher, values, max_rows=max_rows,
                               timeout_s=timeout, mask=mask)  # fmt: skip
        except QueryNotRun as exc:
            for found in exc.check.findings:
                _note(_finding(ui, cypher, found))
            raise ui.fail(exc.message[ui.lang]) from None
    if result.check.unavailable:
        _note(ui.t("cli.parser_unavailable", reason=result.check.unavailable))
    for found in result.check.warnings:
        _note(_finding(ui, cypher, found))
    _print(ui, result, output)
    _note(ui.t("cli.query_rows", count=len(result.rows), seconds=f"{result.seconds:.2f}"))
    if result.truncated:
        _note(ui.t("cli.query_truncated", max_rows=result.max_rows))
