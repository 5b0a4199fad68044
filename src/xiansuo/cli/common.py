"""What every command shares: the one console, messages in the user's language, and the
decorator that builds a command's project from its options."""

from __future__ import annotations

import contextlib
import errno
import functools
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from xiansuo.cli.options import GraphOpt, LangOpt, MappingsOpt, Neo4jOpt, OutOpt, RulesOpt
from xiansuo.model.errors import InputError
from xiansuo.model.masking import mask_ids
from xiansuo.model.run_folder import DEFAULT_OUT, RunFolder
from xiansuo.model.texts import DEFAULT_LANG, text
from xiansuo.outputs.register import RegisterError
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.staging import Busy, previous_run_kept, reading
from xiansuo.queries.params import ParameterError
from xiansuo.queries.rule import RuleError

__all__ = ["CONSOLE", "Ui", "command"]

CONSOLE = Console()
Command = TypeVar("Command", bound=Callable[..., Any])
# Errors whose message is meant for the user: printed, never a traceback.
USER_ERRORS = (InputError, RuleError, ParameterError, RegisterError)
_DISK_PROBLEMS = (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT)


class _MaskedTable(Table):
    """A table whose cells have their ID numbers masked as they are added."""

    def add_row(self, *cells: Any, **options: Any) -> None:
        super().add_row(*(mask_ids(c) if isinstance(c, str) else c for c in cells), **options)


class Ui:
    """The console, speaking the user's language; what it shows has its ID numbers masked
    unless masking is off (``--no-mask``)."""

    def __init__(self, lang: str = DEFAULT_LANG, *, mask: bool = True) -> None:
        self.lang = lang
        self.console = CONSOLE
        self.mask = mask

    def t(self, key: str, /, **values: Any) -> str:
        return text(key, self.lang, **values)

    def say(self, key: str, /, **values: Any) -> None:
        """Print a catalogue text; values are never read as markup."""
        self.print(self.t(key, **values))

    def print(self, message: object) -> None:
        # Paths and IDs must stay copyable: no wrapping inside them, no markup in data.
        if self.mask and isinstance(message, str):
            message = mask_ids(message)
        self.console.print(message, soft_wrap=True, markup=False, highlight=False)

    def table(self, **options: Any) -> Table:
        """A rich table to fill and print; its cells are masked like every message."""
        return _MaskedTable(**options) if self.mask else Table(**options)

    def fail(self, message: str, code: int = 2) -> typer.Exit:
        """Print ``message`` as an error; raise what this returns."""
        self.console.print(f"[red]{self.t('cli.error')}:[/red] ", end="")
        self.print(message)
        return typer.Exit(code)

    @contextlib.contextmanager
    def reading(self, project: Project, need: str = "graph") -> Iterator[None]:
        """Read the folder's last complete run (``need``: "run", a finished run, or "graph",
        a loaded graph); refuse a folder without one, naming the run folders nearby, rather
        than creating an empty graph there."""
        with reading(project.run):
            if need == "run" and not project.run.has_run():
                raise self._no_run(project.run.path)
            if need == "graph" and not project.neo4j_uri:
                if project.graph is not None and not project.graph.is_file():
                    raise self.fail(self.t("cli.no_graph", path=project.graph))
                if project.graph is None and not project.run.load_report.is_file():
                    raise self._no_run(project.run.path)
            yield

    def _no_run(self, out: Path) -> typer.Exit:
        nearby = [
            str(folder)
            for folder in sorted(
                out.resolve().parent.iterdir() if out.resolve().parent.is_dir() else ()
            )
            if folder.is_dir() and RunFolder(folder).has_run()
        ]
        message = self.t("cli.no_run", out=out)
        if nearby:
            message += "\n" + self.t("cli.runs_nearby", folders=", ".join(nearby))
        return self.fail(message)


def _message(ui: Ui, message: str, exc: BaseException) -> str:
    return f"{message}\n{ui.t('cli.previous_run_kept')}" if previous_run_kept(exc) else message


def _option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)  # fmt: skip


def command(
    *,
    project: bool = True,
    out: Path | None = DEFAULT_OUT,
    rules: bool = False,
    mappings: bool = False,
    graph: bool = False,
    neo4j: bool | None = None,
) -> Callable[[Command], Command]:
    """Give a command ``ui`` (with ``--lang``) and, with ``project``, the ``Project`` built from
    ``--out`` (unless ``out`` is None) and those of ``--mappings``, ``--rules``, ``--graph``
    and ``--neo4j`` asked for (``--neo4j`` comes with ``--graph`` unless said otherwise).

    The options are declared here once; the command declares only its own. Errors meant for
    the user (bad input files, rules, parameters, register entries) end as a message, exit 2.
    """
    added = [_option("lang", LangOpt, DEFAULT_LANG)]
    if project:
        options: list[tuple[str, Any, Any]] = [("out", OutOpt, out)] if out is not None else []
        options += [("mappings", MappingsOpt, None)] if mappings else []
        options += [("rules", RulesOpt, None)] if rules else []
        options += [("graph", GraphOpt, None)] if graph else []
        options += [("neo4j", Neo4jOpt, None)] if (graph if neo4j is None else neo4j) else []
        added = [_option(*option) for option in options] + added

    def decorate(func: Command) -> Command:
        signature = inspect.signature(func, eval_str=True)
        own = [p for name, p in signature.parameters.items() if name not in ("project", "ui")]

        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> Any:
            ui = Ui(kwargs.pop("lang"), mask=kwargs.get("mask", True))
            given: dict[str, Any] = {}
            if "ui" in signature.parameters:
                given["ui"] = ui
            try:
                if project:
                    given["project"] = Project.open(
                        kwargs.pop("out", DEFAULT_OUT),
                        mappings=kwargs.pop("mappings", None) or (),
                        rules=kwargs.pop("rules", None) or (),
                        graph=kwargs.pop("graph", None),
                        neo4j_uri=kwargs.pop("neo4j", None),
                    )
                return func(**kwargs, **given)
            except USER_ERRORS as exc:
                raise ui.fail(_message(ui, str(exc), exc)) from None
            except Busy as exc:
                holder = exc.holder.describe() if exc.holder else "?"
                folder = exc.path.parent.parent
                raise ui.fail(ui.t("cli.busy", folder=folder, holder=holder)) from None
            except OSError as exc:
                if exc.errno not in _DISK_PROBLEMS:
                    raise
                where = ui.t("cli.write_failed", reason=exc.strerror)
                if exc.filename:
                    where = ui.t("cli.cannot_write", path=exc.filename, reason=exc.strerror)
                raise ui.fail(_message(ui, where, exc)) from None

        parameters = own + added
        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return wrapper  # type: ignore[return-value]

    return decorate
