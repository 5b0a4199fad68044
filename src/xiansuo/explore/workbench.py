"""The query author's workbench: the vocabulary to complete from, a query checked as a rule
is, run read-only with a timeout and a row cap, and saved as a rule with its test skeleton
into the rules folder given at start (``xiansuo explore --rules DIR``).

Every run and save is in the audit trail (texts masked) before its answer is sent.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import xiansuo
from xiansuo.explore.api import Api
from xiansuo.explore.dossier import laid_out
from xiansuo.explore.rowgraph import row_graph, row_nodes
from xiansuo.explore.workspace import TIMEOUT_MS
from xiansuo.model.labels import DAY_SUFFIX
from xiansuo.model.severity import SEVERITIES, severity_name
from xiansuo.model.texts import text
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.pipeline.adhoc import DEFAULT_MAX_ROWS, QueryNotRun, try_query
from xiansuo.pipeline.authoring import RuleDraft, SavedRule, save_rule
from xiansuo.queries.checks import Finding, QueryCheck, check_query, position
from xiansuo.queries.params import ParameterError, kinds_from_use, used_params
from xiansuo.queries.rule import RuleError

__all__ = ["MAX_ROWS", "MAX_TIMEOUT_S", "Workbench", "rules_folder"]

MAX_ROWS = 5000  # the most rows a page may ask for
MAX_TIMEOUT_S = 60.0
DEFAULT_TIMEOUT_S = TIMEOUT_MS / 1000  # the explorer's own bound on its queries


def rules_folder(rule_dirs: tuple[Path, ...]) -> tuple[Path | None, str | None]:
    """Where "Save as rule" writes: the first ``--rules`` folder, if it is writable and not
    inside the installed package; else None and the text key saying why."""
    if not rule_dirs:
        return None, "workbench.no_folder"
    folder = rule_dirs[0].resolve()
    package = Path(xiansuo.__file__).resolve().parent
    if folder == package or package in folder.parents:
        return None, "workbench.package_folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return None, "workbench.folder_not_writable"
    return folder, None


def completions(vocabulary: Vocabulary, lang: str) -> dict[str, Any]:
    """What the editor completes: labels, relationship types and properties, each with the
    Chinese (or English) name of its table column, and an enum property's values."""
    owners: dict[str, list[dict[str, Any]]] = {}
    for owner, prop in sorted(vocabulary.columns):
        values = vocabulary.values_of(owner, prop)
        owners.setdefault(prop, []).append(
            {
                "owner": owner,
                "title": vocabulary.property_title(owner, prop, lang),
                "values": list(values or ()),
            }
        )
    return {
        "labels": [{"name": n, "title": vocabulary.label_name(n, lang)} for n in vocabulary.labels],
        "types": [
            {"name": n, "title": vocabulary.type_name(n, lang)}
            for n in vocabulary.relationship_types
        ],
        "properties": [
            {"name": prop, "owners": owners.get(prop, [])} for prop in vocabulary.property_keys
        ],
    }


def declared(query: str) -> dict[str, str]:
    """Every ``$name`` of the query, declared to the linter, and the day number of each."""
    names = used_params(query)
    return {name: "ANY" for name in names} | {
        name + DAY_SUFFIX: "INTEGER" for name in names if not name.endswith(DAY_SUFFIX)
    }


def _finding(query: str, found: Finding, lang: str) -> dict[str, Any]:
    line, column = position(query, found.at)
    return {
        "at": found.at,
        "line": line,
        "column": column,
        "check": found.check,
        "severity": found.severity,
        "severity_name": text(f"check.{found.severity}", lang),
        "message": found.message[lang],
    }


def _form(check: QueryCheck, vocabulary: Vocabulary) -> list[dict[str, str]]:
    """The fields of the parameters form: each ``$name`` the query uses, ``$x_day`` as the
    date ``x`` it comes from, typed by what the query compares it with."""
    if check.facts is None:
        return []
    kinds = kinds_from_use(check.facts, vocabulary)
    fields: dict[str, str] = {}
    for use in check.facts.parameters:
        name = use.name
        if name.endswith(DAY_SUFFIX) and kinds.get(name, "integer") == "integer":
            fields.setdefault(name.removesuffix(DAY_SUFFIX), "date")
        else:
            fields[name] = kinds.get(name, fields.get(name, "string"))
    return [{"name": name, "kind": kind} for name, kind in fields.items()]


def _columns(check: QueryCheck) -> list[str]:
    returns = check.facts.returns if check.facts is not None else None
    if returns is None or returns.star:
        return []
    return list(dict.fromkeys(c.name for c in returns.columns))


def _plain(value: Any) -> Any:
    """A value as JSON holds it (an engine's node or a date as its text)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _texts(body: Mapping[str, Any], name: str) -> dict[str, str]:
    given = body.get(name) or {}
    if not isinstance(given, dict):
        raise HTTPException(400, f"{name}: {{zh, en}}")
    return {lang: str(given.get(lang) or "") for lang in ("zh", "en")}


def _names(body: Mapping[str, Any], name: str) -> list[str]:
    given = body.get(name) or []
    if not isinstance(given, list):
        raise HTTPException(400, f"{name}: a list")
    return [str(item) for item in given]


def draft_of(body: Mapping[str, Any]) -> RuleDraft:
    """The rule the save form describes (``params``: name → {type, description, default})."""
    params: dict[str, dict[str, Any]] = {}
    for name, spec in (body.get("params") or {}).items():
        if not isinstance(spec, dict):
            raise HTTPException(400, "params: name → {type, description, default}")
        param: dict[str, Any] = {
            "type": str(spec.get("type") or "string"),
            "description": _texts(spec, "description"),
        }
        if spec.get("default") not in (None, ""):
            param["default"] = str(spec["default"])
        params[str(name)] = param
    returns = body.get("returns") or {}
    if not isinstance(returns, dict):
        raise HTTPException(400, "returns: column → heading")
    return RuleDraft(
        id=str(body.get("id") or ""),
        query=str(body.get("query") or ""),
        returns={str(k): str(v) for k, v in returns.items()},
        severity=str(body.get("severity") or "medium"),
        params=params,
        test_params={n: p["default"] for n, p in params.items() if "default" in p},
        title=_texts(body, "title"),
        description=_texts(body, "description"),
        summary=_texts(body, "summary"),
        persons=_names(body, "persons"),
        cases=_names(body, "cases"),
        names=_names(body, "names"),
    )


def _saved(saved: SavedRule, lang: str) -> dict[str, Any]:
    return {
        "rule_path": str(saved.rule_path),
        "test_path": str(saved.test_path),
        "passed": saved.passed,
        "issues": [
            {
                "line": i.line,
                "check": i.check,
                "severity_name": text(f"check.{i.severity}", lang),
                "message": i.text(lang),
            }
            for i in saved.issues
        ],
        "results": [
            {"case": r.case, "passed": r.passed, "known_gap": r.known_gap, "message": r.text(lang)}
            for r in saved.results
        ],
        "lint_unavailable": saved.lint_unavailable,
    }


class Workbench:
    """The workbench's routes, beside the explorer's (``Api``: answers masked and audited)."""

    def __init__(self, api: Api) -> None:
        self.api, self.ws = api, api.ws
        self.folder, self.folder_problem = rules_folder(self.ws.project.rule_dirs)

    def routes(self) -> list[Route]:
        get, post = ["GET"], ["POST"]
        return [
            Route("/api/workbench", self.start, methods=get),
            Route("/api/workbench/check", self.check, methods=post),
            Route("/api/workbench/run", self.run, methods=post),
            Route("/api/workbench/save", self.save, methods=post),
        ]

    @property
    def vocabulary(self) -> Vocabulary:
        return self.ws.project.vocabulary

    def start(self, request: Request) -> JSONResponse:
        """``GET /api/workbench``: the vocabulary, where rules are saved (or why not), the
        severities, the run's reference date and the bounds of a run."""
        loaded, lang = self.ws.load(), self.ws.lang
        return self.api.answer(
            loaded,
            {
                "vocabulary": completions(self.vocabulary, lang),
                "folder": str(self.folder) if self.folder else None,
                "folder_problem": text(self.folder_problem, lang) if self.folder_problem else None,
                "severities": [{"id": s, "name": severity_name(s, lang)} for s in SEVERITIES],
                "as_of": loaded.as_of,
                "max_rows": DEFAULT_MAX_ROWS,
                "most_rows": MAX_ROWS,
                "timeout_s": DEFAULT_TIMEOUT_S,
            },
        )

    async def _query(self, request: Request) -> tuple[dict[str, Any], str]:
        body = await self.api._body(request)
        query = body.get("query")
        if not isinstance(query, str) or not query.strip():
            raise HTTPException(400, text("workbench.no_query", self.ws.lang))
        return body, query

    async def check(self, request: Request) -> JSONResponse:
        """``POST /api/workbench/check`` ``{query}``: what Neo4j's linter and the project's
        rule checks find, at line and column; the parameters form; the returned columns."""
        _, query = await self._query(request)
        return await run_in_threadpool(self._check, query)

    def _check(self, query: str) -> JSONResponse:
        loaded, lang = self.ws.load(), self.ws.lang
        # The form asks for every $name the query uses: none is "not defined" here.
        found = check_query(query, self.vocabulary, params=declared(query), rule=True)
        return self.api.answer(
            loaded,
            {
                "findings": [_finding(query, f, lang) for f in found.findings],
                "params": _form(found, self.vocabulary),
                "columns": _columns(found),
                "unavailable": found.unavailable,
            },
        )

    async def run(self, request: Request) -> JSONResponse:
        """``POST /api/workbench/run`` ``{query, params: {name: text}, max_rows, timeout_s}``:
        the rows, the columns naming persons and cases, and their nodes as a graph."""
        body, query = await self._query(request)
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise HTTPException(400, "params: name → value")
        try:
            max_rows = min(max(int(body.get("max_rows") or DEFAULT_MAX_ROWS), 1), MAX_ROWS)
            timeout_s = min(max(float(body.get("timeout_s") or DEFAULT_TIMEOUT_S), 0.1),
                            MAX_TIMEOUT_S)  # fmt: skip
        except (TypeError, ValueError):
            raise HTTPException(400, "max_rows and timeout_s are numbers") from None
        values = {str(k): str(v) for k, v in params.items() if v not in (None, "")}
        return await run_in_threadpool(self._run, query, values, max_rows, timeout_s)

    def _run(
        self, query: str, values: dict[str, str], max_rows: int, timeout_s: float
    ) -> JSONResponse:
        loaded, lang, audit = self.ws.load(), self.ws.lang, self.api.audit
        asked = {"query": query, "params": values, "max_rows": max_rows}
        try:
            # Unmasked here, to find the rows' nodes; the answer is masked as a whole.
            result = try_query(loaded.graph, self.vocabulary, query, values, max_rows=max_rows,
                               timeout_s=timeout_s, mask=False)  # fmt: skip
        except QueryNotRun as exc:
            audit.record("query", {**asked, "refused": exc.message["en"]}, None)
            findings = [_finding(query, f, lang) for f in exc.check.findings]
            return self.api.answer(loaded, {"error": exc.message[lang], "findings": findings}, 400)
        except ParameterError as exc:
            audit.record("query", {**asked, "refused": str(exc)}, None)
            return self.api.answer(loaded, {"error": str(exc), "findings": []}, 400)
        rows = [_plain(row) for row in result.rows]
        nodes = row_nodes(loaded, self.vocabulary, rows, result.columns)
        graph = row_graph(loaded, self.vocabulary, nodes) if nodes.keys else None
        people = {v for row in rows for c in nodes.persons if isinstance(v := row.get(c), str)}
        audit.record("query", asked, len(rows), sorted(people))  # parties by their ID numbers
        return self.api.answer(
            loaded,
            {
                "columns": list(result.columns),
                "rows": rows,
                "truncated": result.truncated,
                "max_rows": result.max_rows,
                "seconds": round(result.seconds, 3),
                "findings": [_finding(query, f, lang) for f in result.check.findings],
                "persons": list(nodes.persons),
                "cases": list(nodes.cases),
                "graph": laid_out(loaded.drawing, graph) if graph else None,
            },
        )

    async def save(self, request: Request) -> JSONResponse:
        """``POST /api/workbench/save`` ``{id, title, description, severity, params, returns,
        persons, cases, names, summary, query, replace}``: the rule and its test skeleton
        written into the rules folder, and what ``rules check`` and ``rules test`` say."""
        body = await self.api._body(request)
        if self.folder is None:
            raise HTTPException(409, text(self.folder_problem or "", self.ws.lang))
        draft = draft_of(body)
        return await run_in_threadpool(self._save, draft, bool(body.get("replace")))

    def _save(self, draft: RuleDraft, replace: bool) -> JSONResponse:
        loaded, lang = self.ws.load(), self.ws.lang
        assert self.folder is not None
        asked = {"rule": draft.id, "folder": str(self.folder), "query": draft.query}
        try:
            saved = save_rule(self.ws.project, self.folder, draft, replace=replace)
        except RuleError as exc:
            self.api.audit.record("save", {**asked, "refused": str(exc)}, None)
            raise HTTPException(400, str(exc)) from None
        passed = sum(result.passed for result in saved.results)
        self.api.audit.record(
            "save", {**asked, "issues": len(saved.issues), "passed": passed}, len(saved.results)
        )
        return self.api.answer(loaded, _saved(saved, lang))
