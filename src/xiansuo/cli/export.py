"""``xiansuo export``: the graph as files another system loads (Neo4j's offline import)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from xiansuo.cli.common import Ui, command
from xiansuo.outputs.neo4j_import import write_neo4j_import
from xiansuo.pipeline.project import Project

__all__ = ["export"]


@command(graph=True, mappings=True, neo4j=False)
def export(
    ui: Ui,
    project: Project,
    neo4j_import: Annotated[
        Path,
        typer.Option(
            "--neo4j-import",
            metavar="DIR",
            help="New folder for neo4j-admin import files (nodes, relationships).",
        ),
    ],
    database: Annotated[str, typer.Option(help="Neo4j database the import creates.")] = "neo4j",
) -> None:
    """Write the graph as CSV files for neo4j-admin import, with the command to run."""
    with ui.reading(project), project.engine(save=False) as engine:
        files = write_neo4j_import(engine, project.vocabulary, neo4j_import, database=database)
    ui.say("cli.neo4j_import", folder=files.folder, nodes=sum(files.nodes.values()),
           relationships=sum(files.relationships.values()),
           files=len(files.nodes) + len(files.relationships))  # fmt: skip
    ui.print(shlex.join(files.command))
    ui.say("cli.neo4j_import_next", schema=files.folder / "schema.cypher")
