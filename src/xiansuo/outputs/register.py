"""The lead register: each lead's investigation status, assignee and note, kept across runs.

It is a CSV (UTF-8 with BOM, one row per lead) so that it opens in Excel or WPS like every
other file handed to case-handling departments, and so that a change shows as one line in a
diff. Runs into the same output folder only add leads and move ``last_seen``; status,
assignee and note change only through ``Register.editing`` (``xiansuo leads set``, the
explorer), which records each change in the lead history, or a careful hand edit.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from xiansuo.model.files import atomic_open
from xiansuo.model.lead import Lead
from xiansuo.model.locks import exclusive
from xiansuo.model.masking import mask_ids
from xiansuo.model.spreadsheet import ENCODING, SheetWriter, open_sheet, read_rows
from xiansuo.model.texts import has, text
from xiansuo.outputs.history import TRACKED, Editor, append_changes, changes

__all__ = [
    "NEW", "STATUSES", "Register", "RegisterEntry", "RegisterError", "RunStatus", "check_status",
    "status_name",
]  # fmt: skip

NEW = "新线索"
STATUSES = (NEW, "核查中", "已确认", "已排除")


class RegisterError(ValueError):
    """An unknown lead or status, or a register file that cannot be read."""


def check_status(status: str, lang: str = "zh") -> str:
    """``status`` if it is one of ``STATUSES``; else RegisterError saying which are."""
    if status not in STATUSES:
        raise RegisterError(
            text("cli.unknown_status", lang, statuses=" / ".join(STATUSES), status=status)
        )
    return status


def status_name(status: str, lang: str) -> str:
    """A status as a reader of ``lang`` sees it (the register stores the Chinese word)."""
    return text(f"status.{status}", lang) if has(f"status.{status}") else status


@dataclass
class RegisterEntry:
    """One lead's row: what it is, where it stands, and which runs saw it (as-of dates)."""

    lead_id: str
    rule: str
    summary: str
    status: str = NEW
    assignee: str = ""
    note: str = ""
    first_seen: str = ""
    last_seen: str = ""


@dataclass(frozen=True)
class RunStatus:
    """How a run's leads compare with the register before it: lead ids by new / seen / gone."""

    new: frozenset[str]
    seen: frozenset[str]
    gone: frozenset[str]

    def of(self, lead_id: str) -> str:
        return "new" if lead_id in self.new else "seen" if lead_id in self.seen else "gone"


class Register:
    """The register file of an output folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, RegisterEntry] = {}
        if path.is_file():
            try:
                with open_sheet(path) as handle:
                    for row in read_rows(handle):
                        entry = RegisterEntry(**row)
                        self.entries[entry.lead_id] = entry
            except (TypeError, csv.Error, UnicodeDecodeError) as exc:
                raise RegisterError(f"{path}: not a lead register ({exc})") from None

    def record_run(self, leads: Iterable[Lead], as_of: str) -> RunStatus:
        """Add this run's new leads and mark the others seen on ``as_of`` (``save`` writes
        it; a run does so only once it is put in place).

        The register is handed on and kept across runs, so each summary is stored with its ID
        numbers masked, whatever the run's masking (the canonical IDs are in leads.jsonl). A
        lead is new when first seen with this as-of date, so re-rendering a run's report
        (``xiansuo report``) tells the same story as the run did.
        """
        current = set()
        for lead in leads:
            current.add(lead.lead_id)
            summary = mask_ids(lead.summary)
            entry = self.entries.setdefault(
                lead.lead_id, RegisterEntry(lead.lead_id, lead.rule, summary, first_seen=as_of)
            )
            entry.summary, entry.last_seen = summary, as_of
        new = {lead_id for lead_id in current if self.entries[lead_id].first_seen == as_of}
        return RunStatus(
            frozenset(new), frozenset(current - new), frozenset(set(self.entries) - current)
        )

    def update(
        self,
        lead_id: str,
        *,
        status: str | None = None,
        assignee: str | None = None,
        note: str | None = None,
    ) -> RegisterEntry:
        """Change a lead's status, assignee or note (None leaves it); ``save`` writes it."""
        if lead_id not in self.entries:
            raise RegisterError(f"no lead {lead_id} in {self.path}")
        if status is not None:
            check_status(status)
        entry = self.entries[lead_id]
        entry.status = entry.status if status is None else status
        entry.assignee = entry.assignee if assignee is None else assignee
        entry.note = entry.note if note is None else note
        return entry

    def find(self, lead_id: str, lang: str = "zh") -> str:
        """The lead whose id is ``lead_id`` or starts with it (the short id the report and
        the explorer show); RegisterError, in ``lang``, if none or several do."""
        if lead_id in self.entries:
            return lead_id
        found = [known for known in self.entries if lead_id and known.startswith(lead_id)]
        if not found:
            raise RegisterError(text("cli.unknown_lead", lang, lead=lead_id))
        if len(found) > 1:
            raise RegisterError(text("cli.ambiguous_lead", lang, lead=lead_id, count=len(found)))
        return found[0]

    def _tracked(self) -> dict[str, tuple[str, ...]]:
        return {
            lead_id: tuple(getattr(entry, name) for name in TRACKED)
            for lead_id, entry in self.entries.items()
        }

    @classmethod
    @contextlib.contextmanager
    def editing(
        cls,
        path: Path,
        lock: Path,
        *,
        history: Path | None = None,
        editor: Editor | None = None,
    ) -> Iterator[Register]:
        """The register as it is now, read and saved back holding ``lock``: two commands
        changing it at once (a run being put in place, ``leads set``, the explorer) each
        keep the other's changes.

        With ``history``, every change of a lead's status, assignee or note is appended
        there, as made by ``editor`` (default: this account, from the command line), before
        the register is saved; if saving fails, the history is cut back to what it was.
        """
        with exclusive(lock, "register", wait=True):
            register = cls(path)
            before = register._tracked()
            yield register
            if history is None:
                register.save()
                return
            made = changes(before, register._tracked(), editor or Editor.here("cli"))
            kept = history.stat().st_size if history.is_file() else 0
            append_changes(history, made)
            try:
                register.save()
            except BaseException:
                if made:
                    os.truncate(history, kept)
                raise

    def save(self) -> None:
        """Write the whole register, replacing the file only once it is complete."""
        columns = [f.name for f in fields(RegisterEntry)]
        with atomic_open(self.path, "w", encoding=ENCODING, newline="") as handle:
            writer = SheetWriter(handle)
            writer.writerow(columns)
            writer.writerows(
                [getattr(entry, column) for column in columns] for entry in self.entries.values()
            )
