"""The workbook's hidden key column: which lead a row is, and what it showed when exported.

A returned workbook is read back by this key alone (``leads import``), never by a row's
position, so rows deleted or sorted and columns moved do not matter. Beside the lead id the
key holds a short digest of the status, assignee and note the row showed: a field whose
cell no longer matches was edited in the workbook, a field whose register value no longer
matches was changed by someone else since the export (a conflict, never overwritten). The
key holds no personal data: digests of what the row showed, masked as it was.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from xiansuo.model.masking import mask_ids

__all__ = ["SheetKey", "digest", "lead_key", "parse_key", "shown"]

_KEY = re.compile(r"^([0-9a-f]{16}):([mu]):([0-9a-f]{8}):([0-9a-f]{8}):([0-9a-f]{8})$")


def digest(value: str) -> str:
    """Eight hex digits standing for a cell's text.

    >>> digest("核查中") == digest("核查中") != digest("已确认")
    True
    """
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]


def shown(value: str, masked: bool) -> str:
    """A register text as a masked (or unmasked) workbook shows it."""
    return mask_ids(value) if masked else value


@dataclass(frozen=True)
class SheetKey:
    """A row's lead and the digests of the status, assignee and note it was exported with."""

    lead_id: str
    masked: bool
    status: str
    assignee: str
    note: str

    def text(self) -> str:
        flag = "m" if self.masked else "u"
        return f"{self.lead_id}:{flag}:{self.status}:{self.assignee}:{self.note}"


def lead_key(lead_id: str, status: str, assignee: str, note: str, *, masked: bool) -> str:
    """The key of a row showing these values (status as stored; assignee and note as shown).

    >>> parse_key(lead_key("0123456789abcdef", "核查中", "", "", masked=True)).lead_id
    '0123456789abcdef'
    """
    return SheetKey(lead_id, masked, digest(status), digest(assignee), digest(note)).text()


def parse_key(text: object) -> SheetKey | None:
    """The key in a cell, None if the cell holds none (a row a user added, a total)."""
    found = _KEY.match(str(text).strip()) if text is not None else None
    if not found:
        return None
    lead_id, flag, status, assignee, note = found.groups()
    return SheetKey(lead_id, flag == "m", status, assignee, note)
