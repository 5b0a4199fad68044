"""A run's output folder: the one place that names every file a run writes and reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_OUT", "RunFolder"]

DEFAULT_OUT = Path("xiansuo-out")
LEAD_PAGES = "leads"
CONTROL = ".xiansuo"  # locks and the run being built, inside the output folder


@dataclass(frozen=True)
class RunFolder:
    """The files of one output folder (``--out``).

    A run is built aside, in a staging folder of its own (``staging``), and replaces the
    folder's files only once it has succeeded. A staging folder has ``home``, the folder it
    will replace: what is kept across runs (the judgements and the lead register) is read
    from there, never copied.
    """

    path: Path
    home: Path | None = None

    @property
    def _kept(self) -> Path:
        return self.home or self.path

    @property
    def control(self) -> Path:
        return self._kept / CONTROL

    def staging(self) -> RunFolder:
        """The folder a run of this folder is built in."""
        return RunFolder(self.control / "staging", home=self._kept)

    @property
    def run_lock(self) -> Path:
        """Held by the one command that builds a run of this folder."""
        return self.control / "run.lock"

    @property
    def commit_lock(self) -> Path:
        """Held alone while a finished run replaces the folder's files, shared by readers."""
        return self.control / "commit.lock"

    @property
    def register_lock(self) -> Path:
        """Held while the lead register is read, changed and written back."""
        return self.control / "register.lock"

    @property
    def load_report(self) -> Path:
        return self.path / "load_report.json"

    @property
    def rejects(self) -> Path:
        return self.path / "rejects.csv"

    @property
    def review(self) -> Path:
        return self.path / "resolution_review.csv"

    @property
    def judgements(self) -> Path:
        return self._kept / "judgements.csv"

    @property
    def analysis(self) -> Path:
        return self.path / "analysis.json"

    @property
    def leads(self) -> Path:
        return self.path / "leads.jsonl"

    @property
    def run_summary(self) -> Path:
        return self.path / "run_summary.json"

    @property
    def priority(self) -> Path:
        return self.path / "priority.json"

    @property
    def register(self) -> Path:
        return self._kept / "lead_register.csv"

    @property
    def register_history(self) -> Path:
        """Every change of a lead's status, assignee or note: who, when, old and new."""
        return self._kept / "lead_history.jsonl"

    @property
    def audit(self) -> Path:
        """What was looked at and done in ``xiansuo explore``, one JSON object per line."""
        return self._kept / "audit.jsonl"

    @property
    def exports(self) -> Path:
        """Views exported from ``xiansuo explore`` (images, pages, sheets)."""
        return self._kept / "exports"

    @property
    def report(self) -> Path:
        return self.path / "report.html"

    @property
    def workbook(self) -> Path:
        return self.path / "leads.xlsx"

    @property
    def graph(self) -> Path:
        """The embedded graph's file when no ``--graph`` is given."""
        return self.path / "graph" / "xiansuo.db"

    @property
    def lead_pages(self) -> Path:
        return self.path / LEAD_PAGES

    @property
    def page_assets(self) -> Path:
        """The one copy of vis-network that all lead pages share."""
        return self.lead_pages / "assets"

    @property
    def pages(self) -> Path:
        """Pages drawn on request (``xiansuo path``, ``neighborhood``)."""
        return self.path / "pages"

    def lead_page(self, lead_id: str) -> Path:
        return self.lead_pages / f"{lead_id}.html"

    @staticmethod
    def lead_page_link(lead_id: str) -> str:
        """A lead page's address relative to the folder (the report links to it)."""
        return f"{LEAD_PAGES}/{lead_id}.html"

    def has_run(self) -> bool:
        """Whether a run has finished here (its leads and its summary are written)."""
        return self.leads.is_file() and self.run_summary.is_file()
