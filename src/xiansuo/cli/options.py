"""Command-line options shared by the ``xiansuo`` commands, so each is spelled one way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import typer

from xiansuo.model.run_folder import DEFAULT_OUT

__all__ = [
    "WHO_HELP", "AsOfOpt", "GraphOpt", "LangOpt", "MappingsOpt", "MaskOpt", "MaxNodesOpt",
    "Neo4jOpt", "OutOpt", "RulesOpt", "UserOpt",
]  # fmt: skip

# What names a person or organisation on the command line (cli.parties.resolve_party).
WHO_HELP = (
    "ID number or USCC, a masked ID with the name ('张三 5118**********123X'), "
    "or a name nobody else has."
)

OutOpt = Annotated[
    Path,
    typer.Option("--out", "-o", help="Output folder of the run.", show_default=str(DEFAULT_OUT)),
]
GraphOpt = Annotated[
    Path | None,
    typer.Option("--graph", help="Embedded graph file.", show_default="OUT/graph/xiansuo.db"),
]
Neo4jOpt = Annotated[
    str | None,
    typer.Option(
        "--neo4j",
        metavar="URI",
        help="Use Neo4j at bolt://… or neo4j://… instead (credentials from "
        "XIANSUO_NEO4J_USER / XIANSUO_NEO4J_PASSWORD).",
    ),
]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", metavar="DIR", help="Extra folder of rule *.yaml files."),
]
MappingsOpt = Annotated[
    list[Path] | None,
    typer.Option("--mappings", metavar="DIR", help="Extra folder of mapping *.yaml files."),
]
MaskOpt = Annotated[
    bool, typer.Option("--mask/--no-mask", help="Mask ID numbers in what people read.")
]
LangOpt = Annotated[
    Literal["zh", "en"],
    typer.Option("--lang", envvar="XIANSUO_LANG", help="Language of messages and pages."),
]
MaxNodesOpt = Annotated[
    int, typer.Option("--max-nodes", min=10, help="Most nodes drawn on one lead page.")
]
AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Reference date.",
        show_default="today",
    ),
]  # fmt: skip
UserOpt = Annotated[
    str | None,
    typer.Option(
        "--user", metavar="NAME", help="Who you are in the lead history and the audit trail.",
        show_default="the account's name",
    ),
]  # fmt: skip
