"""``xiansuo leads``: list the lead register and record a lead's status, assignee and note."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from xiansuo.cli_options import OutDir
from xiansuo.outputs.register import REGISTER_NAME, STATUSES, Register, RegisterError

__all__ = ["leads_app"]

leads_app = typer.Typer(help="The lead register: status, assignee, notes.", no_args_is_help=True)
console = Console()


def _register(out: Path) -> Register:
    path = out / REGISTER_NAME
    if not path.is_file():
        console.print(f"[red]no lead register at {path}[/red]; `xiansuo run` creates it")
        raise typer.Exit(2)
    try:
        return Register(path)
    except RegisterError as exc:
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None


@leads_app.command("set")
def set_lead(
    lead_id: Annotated[str, typer.Argument(help="The lead's id (report.html, leads.jsonl).")],
    status: Annotated[str | None, typer.Option(help=f"One of {' / '.join(STATUSES)}.")] = None,
    assignee: Annotated[str | None, typer.Option(help="Who checks the lead.")] = None,
    note: Annotated[str | None, typer.Option(help="A note; replaces the previous one.")] = None,
    out: OutDir = Path("xiansuo-out"),
) -> None:
    """Record a lead's status, assignee or note; later runs keep them."""
    register = _register(out)
    try:
        entry = register.update(lead_id, status=status, assignee=assignee, note=note)
    except RegisterError as exc:
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(
        f"{entry.lead_id}: {entry.status}, {entry.assignee or '-'}, {entry.note or '-'}",
        soft_wrap=True,
        markup=False,
    )


@leads_app.command("list")
def list_leads(
    out: OutDir = Path("xiansuo-out"),
    status: Annotated[str | None, typer.Option(help="Only leads with this status.")] = None,
) -> None:
    """List the register: id, status, assignee, first..last seen, rule, note."""
    entries = [e for e in _register(out).entries.values() if status is None or e.status == status]
    # One line per lead, never truncated: ids are what users type next.
    for e in entries:
        console.print(
            f"{e.lead_id}  {e.status}  {e.assignee or '-'}  {e.first_seen}..{e.last_seen}  "
            f"{e.rule}  {e.note}",
            soft_wrap=True,
            markup=False,
        )
    console.print(f"{len(entries)} lead(s)")
