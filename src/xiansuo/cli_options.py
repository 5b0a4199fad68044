"""Command-line options shared by the ``xiansuo`` commands, so each is spelled one way."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

__all__ = ["GraphOpt", "LangOpt", "MaskOpt", "Neo4jOpt", "OutDir", "RulesOpt"]

OutDir = Annotated[Path, typer.Option("--out", "-o", help="Output folder (of the run).")]
GraphOpt = Annotated[
    Path | None,
    typer.Option("--graph", help="Embedded graph file [default: OUT/graph/xiansuo.db]."),
]
Neo4jOpt = Annotated[
    str | None,
    typer.Option(
        "--neo4j",
        help="Use Neo4j at bolt://… or neo4j://… (credentials from XIANSUO_NEO4J_USER / "
        "XIANSUO_NEO4J_PASSWORD).",
    ),
]
RulesOpt = Annotated[
    list[Path] | None, typer.Option("--rules", help="Extra folder of rule *.yaml files.")
]
MaskOpt = Annotated[bool, typer.Option("--mask/--no-mask", help="Mask ID numbers in outputs.")]
LangOpt = Annotated[Literal["zh", "en"], typer.Option("--lang", help="Language of pages.")]
