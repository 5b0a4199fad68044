"""How a command is told who: whatever the explorer's search box takes for a party (a full
ID, a masked ID with the name, a name nobody else has), not only the full ID number."""

from __future__ import annotations

import typer

from xiansuo.cli.common import Ui
from xiansuo.engines import GraphEngine
from xiansuo.explore.search import Ambiguous, Finder, NotFound
from xiansuo.model.texts import join
from xiansuo.pipeline.project import Project

__all__ = ["resolve_party"]


def resolve_party(ui: Ui, engine: GraphEngine, project: Project, given: str) -> str:
    """The ID number of the one party ``given`` names; otherwise the command stops, saying
    that nobody matches (exit 1) or listing who does, to pick from (exit 2)."""
    try:
        return Finder(engine, project.vocabulary).party(given).id_no
    except NotFound:
        ui.say("cli.nobody_matches", query=given)
        raise typer.Exit(1) from None
    except Ambiguous as several:
        ui.say("cli.several_match", count=len(several.found), query=given)
        for found in several.found:
            facts = [
                found.id_no,
                found.born and ui.t("explore.born", year=found.born),
                found.county,
            ]
            ui.print(f"  {found.name} {join((f for f in facts if f), ui.lang)}")
        raise typer.Exit(2) from None
