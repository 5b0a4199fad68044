"""The ``xiansuo`` command: its groups and commands, and ``--version``."""

from __future__ import annotations

from typing import Annotated

import typer

import xiansuo
from xiansuo.cli.common import CONSOLE
from xiansuo.cli.explore import audit, explore
from xiansuo.cli.export import export
from xiansuo.cli.leads import leads_app
from xiansuo.cli.network import analyze, neighborhood_command, path
from xiansuo.cli.people import judge, person
from xiansuo.cli.query import query
from xiansuo.cli.rules import rules_app
from xiansuo.cli.run import demo, generate, load, report, run

__all__ = ["app"]

app = typer.Typer(
    help="xiansuo (线索): graph linkage analysis for legal-supervision leads. "
    "Messages in Chinese, or English with --lang en (or XIANSUO_LANG=en).",
    no_args_is_help=True,
)
for function in (
    load,
    run,
    report,
    analyze,
    path,
    person,
    judge,
    export,
    query,
    explore,
    audit,
    generate,
    demo,
):
    app.command()(function)
app.command("neighborhood")(neighborhood_command)
app.add_typer(rules_app, name="rules")
app.add_typer(leads_app, name="leads")


def _version(shown: bool) -> None:
    if shown:
        CONSOLE.print(f"xiansuo {xiansuo.__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """xiansuo (线索): graph linkage analysis for legal-supervision leads."""
