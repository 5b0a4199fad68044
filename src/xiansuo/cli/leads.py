"""``xiansuo leads``: list the lead register and record a lead's status, assignee and note."""

from __future__ import annotations

from typing import Annotated

import typer

from xiansuo.cli.common import Ui, command
from xiansuo.outputs.register import STATUSES, Register, check_status, status_name
from xiansuo.pipeline.project import Project

__all__ = ["leads_app"]

leads_app = typer.Typer(help="The lead register: status, assignee, notes.", no_args_is_help=True)
StatusOpt = Annotated[str | None, typer.Option(help=f"One of {' / '.join(STATUSES)}.")]


def _register(ui: Ui, project: Project) -> Register:
    path = project.run.register
    if not path.is_file():
        raise ui.fail(ui.t("cli.no_register", path=path))
    return Register(path)


@leads_app.command("set")
@command()
def set_lead(
    ui: Ui,
    project: Project,
    lead_id: Annotated[
        str, typer.Argument(metavar="LEAD_ID", help="The lead's id (report.html, leads.jsonl).")
    ],
    status: StatusOpt = None,
    assignee: Annotated[str | None, typer.Option(help="Who checks the lead.")] = None,
    note: Annotated[str | None, typer.Option(help="A note; replaces the previous one.")] = None,
) -> None:
    """Record a lead's status, assignee or note; later runs keep them."""
    if status is not None:
        check_status(status, ui.lang)
    _register(ui, project)  # refuses a folder without one
    with Register.editing(project.run.register, project.run.register_lock) as register:
        if lead_id not in register.entries:
            raise ui.fail(ui.t("cli.unknown_lead", lead=lead_id))
        entry = register.update(lead_id, status=status, assignee=assignee, note=note)
    ui.print(f"{entry.lead_id}: {status_name(entry.status, ui.lang)}, {entry.assignee or '-'}, "
             f"{entry.note or '-'}")  # fmt: skip


@leads_app.command("list")
@command()
def list_leads(ui: Ui, project: Project, status: StatusOpt = None) -> None:
    """List the register: id, status, assignee, first..last seen, rule, note."""
    if status is not None:
        check_status(status, ui.lang)
    entries = [
        e for e in _register(ui, project).entries.values() if status is None or e.status == status
    ]
    # One line per lead, never truncated: ids are what users type next.
    for e in entries:
        ui.print(f"{e.lead_id}  {status_name(e.status, ui.lang)}  {e.assignee or '-'}  "
                 f"{e.first_seen}..{e.last_seen}  {e.rule}  {e.note}")  # fmt: skip
    ui.say("cli.lead_count", count=len(entries))
