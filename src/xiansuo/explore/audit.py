"""The audit trail: what was searched, opened, expanded, followed, exported and decided in
the explorer, the queries run and rules saved in its workbench, and which returned
workbooks were imported (``xiansuo leads import``), by whom and when, written before the
answer leaves the server.

``OUT/audit.jsonl`` holds one JSON object per action: ``time``, ``user``, ``action``,
``params`` and ``count`` (how many results the action gave). ID numbers never appear in
clear: every text in the parameters is masked by value, and the parties an action was
about are also named by a keyed digest (``subjects``), which ``xiansuo audit --about``
computes again from a full ID, so an auditor can ask who looked at a person without the
trail holding anyone's ID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from xiansuo.model.files import append_record, atomic_write
from xiansuo.model.masking import mask_values
from xiansuo.model.run_folder import RunFolder

__all__ = ["ACTIONS", "Action", "AuditTrail", "Entry", "read_audit", "subject_of"]

Action = Literal[
    "start", "search", "lead", "node", "expand", "path", "export", "decide", "query", "save",
    "import",
]  # fmt: skip
ACTIONS: tuple[Action, ...] = get_args(Action)


def _salt(run: RunFolder) -> bytes:
    """The folder's secret for subject digests, made on first use (readable by its owner)."""
    path = run.control / "audit.key"
    if not path.is_file():
        atomic_write(path, secrets.token_hex(32))
        os.chmod(path, 0o600)
    return bytes.fromhex(path.read_text(encoding="utf-8").strip())


def subject_of(run: RunFolder, key: str) -> str:
    """The digest that names a party (by its ID number) or any other node (by its key,
    ``Label:value``) in the trail."""
    return hmac.new(_salt(run), key.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """One action in the trail."""

    time: str
    user: str
    action: str
    params: dict[str, Any]
    count: int | None
    subjects: tuple[str, ...] = ()


class AuditTrail:
    """The trail of one run folder, written by one user's explorer."""

    def __init__(self, run: RunFolder, user: str) -> None:
        self.run, self.user, self.path = run, user, run.audit

    def record(
        self,
        action: Action,
        params: dict[str, Any],
        count: int | None = None,
        subjects: Iterable[str] = (),
    ) -> Entry:
        """Append one action, its texts masked and its ``subjects`` (parties' ID numbers,
        other nodes' keys) digested; on disk when this returns."""
        entry = Entry(
            dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            self.user,
            action,
            mask_values(params),
            count,
            tuple(sorted({subject_of(self.run, key) for key in subjects})),
        )
        append_record(self.path, json.dumps(vars(entry), ensure_ascii=False) + "\n")
        return entry


def _entries(path: Path) -> Iterator[Entry]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                data = json.loads(line)
                yield Entry(**{**data, "subjects": tuple(data.get("subjects", ()))})
            except (ValueError, TypeError):
                continue  # a line cut off when the machine stopped: not a whole entry


def read_audit(
    run: RunFolder,
    *,
    user: str | None = None,
    action: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    about: str | None = None,
) -> list[Entry]:
    """The trail's entries, oldest first, of one user, one action, between two days (both
    included), or about one party (its ID number) or other node (its key)."""
    subject = subject_of(run, about) if about else None
    return [
        entry
        for entry in _entries(run.audit)
        if (user is None or entry.user == user)
        and (action is None or entry.action == action)
        and (since is None or entry.time[:10] >= since.isoformat())
        and (until is None or entry.time[:10] <= until.isoformat())
        and (subject is None or subject in entry.subjects)
    ]
