"""``xiansuo explore`` (the investigator's workspace in the browser) and ``xiansuo audit``
(what was done in it)."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import webbrowser
from typing import Annotated

import typer

from xiansuo.cli.common import Ui, command
from xiansuo.cli.options import MaskOpt, UserOpt
from xiansuo.cli.parties import resolve_party
from xiansuo.explore.audit import ACTIONS, read_audit
from xiansuo.explore.server import LOOPBACK, Explorer, is_loopback
from xiansuo.explore.workspace import Workspace
from xiansuo.pipeline.project import Project

__all__ = ["audit", "explore"]

SinceOpt = Annotated[
    dt.datetime | None,
    typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="From this day on."),
]
UntilOpt = Annotated[
    dt.datetime | None,
    typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Up to this day, included."),
]


@command(graph=True, mappings=True, rules=True)
def explore(
    ui: Ui,
    project: Project,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port; 0 takes a free one.")] = 0,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Anything but loopback is reachable from "
            "other machines: give it only on a closed network."
        ),
    ] = LOOPBACK,
    user: UserOpt = None,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="Open the page.")] = True,
    mask: MaskOpt = True,
) -> None:
    """Explore and decide on the leads of OUT in the browser; write rules into --rules there."""
    with ui.reading(project, need="run"):
        pass  # a folder without a finished run is refused before anything starts
    if not is_loopback(host):
        ui.say("cli.explore_host", host=host)
    ui.say("cli.explore_loading", out=project.run.path)
    workspace = Workspace(project, lang=ui.lang, mask=mask, user=user or getpass.getuser())
    loaded = workspace.load()
    try:
        explorer = Explorer(workspace, host, port)
    except OSError as exc:
        workspace.close()
        raise ui.fail(ui.t("cli.explore_cannot_listen", host=host, port=port,
                           reason=exc.strerror or exc)) from None  # fmt: skip
    explorer.audit.record(
        "start",
        {"address": explorer.origin, "mask": mask, "engine": loaded.graph.name},
        len(loaded.leads),
    )
    # The address carries the launch's token: printed as it is, never masked or wrapped.
    ui.console.print(
        f"{ui.t('cli.explore_url', url=explorer.url)}  ({ui.t('cli.explore_stop')})",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if browser:
        webbrowser.open(explorer.url)
    explorer.serve()


@command(graph=True)
def audit(
    ui: Ui,
    project: Project,
    user: Annotated[str | None, typer.Option(help="Only this user's actions.")] = None,
    action: Annotated[
        str | None, typer.Option(help=f"Only this action: {', '.join(ACTIONS)}.")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    about: Annotated[
        str | None,
        typer.Option(
            help="Only actions about this person: an ID, a masked ID with the name, "
            "or a name nobody else has."
        ),
    ] = None,
) -> None:
    """List the explorer's audit trail (OUT/audit.jsonl): who did what, and when."""
    subject = None
    if about:
        with ui.reading(project), project.engine(save=False) as engine:
            subject = resolve_party(ui, engine, project, about)
    entries = read_audit(
        project.run,
        user=user,
        action=action,
        about=subject,
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    for e in entries:
        params = json.dumps(e.params, ensure_ascii=False, separators=(",", ":"))
        ui.say(
            "cli.audit_entry",
            time=e.time,
            user=e.user,
            action=e.action,
            params=params,
            count="-" if e.count is None else e.count,
        )
    ui.say("cli.audit_count", count=len(entries))
