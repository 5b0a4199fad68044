"""``xiansuo leads``: list the lead register, record a lead's status, assignee and note, and
read back a returned workbook's edits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xiansuo.cli.common import Ui, command
from xiansuo.cli.options import UserOpt
from xiansuo.explore.audit import AuditTrail
from xiansuo.model.masking import mask_ids
from xiansuo.outputs.history import Editor, read_history
from xiansuo.outputs.register import STATUSES, Register, check_status, status_name
from xiansuo.outputs.workbook_import import WorkbookError, apply_edits, read_edits
from xiansuo.pipeline.project import Project

__all__ = ["leads_app"]

leads_app = typer.Typer(help="The lead register: status, assignee, notes.", no_args_is_help=True)
StatusOpt = Annotated[str | None, typer.Option(help=f"One of {' / '.join(STATUSES)}.")]
LeadIdArg = Annotated[
    str,
    typer.Argument(
        metavar="LEAD_ID",
        help="The lead's id or its first characters (report.html, the explorer, leads.jsonl).",
    ),
]


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
    lead_id: LeadIdArg,
    status: StatusOpt = None,
    assignee: Annotated[str | None, typer.Option(help="Who checks the lead.")] = None,
    note: Annotated[str | None, typer.Option(help="A note; replaces the previous one.")] = None,
    user: UserOpt = None,
) -> None:
    """Record a lead's status, assignee or note; later runs keep them; the history, who did."""
    if status is not None:
        check_status(status, ui.lang)
    _register(ui, project)  # refuses a folder without one
    run = project.run
    with Register.editing(run.register, run.register_lock, history=run.register_history,
                          editor=Editor.here("cli", user)) as register:  # fmt: skip
        lead_id = register.find(lead_id, ui.lang)
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


@leads_app.command("history")
@command()
def lead_history(ui: Ui, project: Project, lead_id: LeadIdArg) -> None:
    """Every change of a lead's status, assignee and note: when, who, how, old → new."""
    lead_id = _register(ui, project).find(lead_id, ui.lang)
    found = read_history(project.run.register_history, lead_id)
    for c in found:
        old, new = (mask_ids(value) or "-" for value in (c.old, c.new))
        if c.field == "status":
            old, new = status_name(c.old, ui.lang), status_name(c.new, ui.lang)
        ui.print(f"{c.time}  {c.user} ({c.source})  {ui.t(f'workbook.{c.field}')}: {old} → {new}"
                 + (f"  [{mask_ids(c.note)}]" if c.note and c.field != "note" else ""))  # fmt: skip
    ui.say("cli.changes", lead=lead_id, count=len(found))


@leads_app.command("import")
@command()
def import_workbook(
    ui: Ui,
    project: Project,
    workbook: Annotated[
        Path, typer.Argument(metavar="WORKBOOK", help="A leads.xlsx returned with edits (.xlsx).")
    ],
    user: UserOpt = None,
) -> None:
    """Read back status, assignee and note edits from a returned leads.xlsx; conflicts kept."""
    _register(ui, project)  # refuses a folder without one
    if not workbook.is_file():
        raise ui.fail(ui.t("cli.no_file", path=workbook))
    try:
        found = read_edits(workbook, ui.lang)
    except WorkbookError as exc:
        raise ui.fail(ui.t("cli.not_a_workbook", detail=exc)) from None
    run, editor = project.run, Editor.here("import", user)
    with Register.editing(run.register, run.register_lock, history=run.register_history,
                          editor=editor) as register:  # fmt: skip
        applied, conflicts = apply_edits(register, found.edits)
    AuditTrail(run, editor.user).record(
        "import",
        {"file": workbook.name, "changed": len(applied), "conflicts": len(conflicts),
         "problems": len(found.problems)},
        len(applied),
    )  # fmt: skip

    def value(field: str, words: str) -> str:
        return (status_name(words, ui.lang) if field == "status" else mask_ids(words)) or "-"

    for edit in applied:
        ui.say("cli.import_changed", lead=edit.key.lead_id, field=ui.t(f"workbook.{edit.field}"),
               value=value(edit.field, edit.value), where=f"{edit.sheet}!{edit.cell}")  # fmt: skip
    for c in conflicts:
        field = ui.t(f"workbook.{c.field}")
        if c.register is None:
            ui.say("cli.import_unknown", lead=c.lead_id, where=c.where)
            continue
        ours, theirs = value(c.field, c.register), value(c.field, c.workbook)
        ui.say("cli.import_conflict", lead=c.lead_id, field=field, where=c.where,
               register=ours, workbook=theirs)  # fmt: skip
    for problem in found.problems:
        ui.print(problem)
    ui.say("cli.import_summary", changed=len(applied), conflicts=len(conflicts),
           problems=len(found.problems))  # fmt: skip
