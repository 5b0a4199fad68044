"""The explorer's JSON API, the page's and any script's (the guide documents each route).

Every answer is masked by value (ID numbers and credit codes, wherever they appear) unless
the server was started with ``--no-mask``, names nodes by handles, and says which run it
comes from (``X-Xiansuo-Run``). Every search, lead opened, expansion, path, export and
decision is in the audit trail before its answer is sent.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from xiansuo.analysis.paths import Step
from xiansuo.engines import ReadTimeout
from xiansuo.explore.audit import AuditTrail
from xiansuo.explore.dossier import decision, dossier, laid_out
from xiansuo.explore.exports import ExportRefused, export_html, export_png, export_sheet
from xiansuo.explore.graphs import CAP, neighbours, nodes_by_key, party_path, split_key
from xiansuo.explore.layout import layout
from xiansuo.explore.leadlist import Filters, LeadTable, grouped
from xiansuo.explore.queries import PARTY_NAMES
from xiansuo.explore.search import Found
from xiansuo.explore.workspace import Loaded, Workspace
from xiansuo.model.labels import PARTY_LABELS
from xiansuo.model.masking import mask_values
from xiansuo.model.subgraph import Subgraph
from xiansuo.model.texts import text
from xiansuo.outputs.register import STATUSES, RegisterError, status_name

__all__ = ["Api"]

PAGE = 100  # leads (or people) per page of the list
MAX_VIEW = 3000  # nodes an export or a layout may name


def subject(key: str) -> str:
    """What the audit trail digests for a node: a party's ID number, any other node's key
    (``xiansuo audit --about`` digests the ID of the party it is given)."""
    label, value = split_key(key)
    return value if label in PARTY_LABELS else key


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.query_params.get(name, default))
    except ValueError:
        raise HTTPException(400, f"{name}: not a number") from None
    return min(max(value, low), high)


class Api:
    """The routes over one workspace, auditing as one user."""

    def __init__(self, workspace: Workspace, audit: AuditTrail) -> None:
        self.ws, self.audit = workspace, audit
        self.table = LeadTable()

    def routes(self) -> list[Route]:
        get, post = ["GET"], ["POST"]
        return [
            Route("/api/run", self.run, methods=get),
            Route("/api/search", self.search, methods=get),
            Route("/api/leads", self.leads, methods=get),
            Route("/api/leads/{lead_id}", self.lead, methods=get),
            Route("/api/leads/{lead_id}/decision", self.decide, methods=post),
            Route("/api/nodes/{handle}", self.node, methods=get),
            Route("/api/nodes/{handle}/neighbours", self.expand, methods=get),
            Route("/api/path", self.path, methods=get),
            Route("/api/layout", self.layout, methods=post),
            Route("/api/exports", self.export, methods=post),
            Route("/api/exports/{name}", self.download, methods=get),
        ]

    # --- answering ----------------------------------------------------------------------

    def answer(self, loaded: Loaded, payload: Any, status: int = 200) -> JSONResponse:
        body = mask_values(payload) if self.ws.mask else payload
        return JSONResponse(body, status, headers={"x-xiansuo-run": loaded.run_id})

    def _key(self, handle: str) -> str:
        key = self.ws.handles.key(handle)
        if key is None:
            raise HTTPException(404, "unknown node")
        return key

    def _lead(self, loaded: Loaded, lead_id: str) -> str:
        if lead_id in loaded.leads:
            return lead_id
        found = [known for known in loaded.leads if known.startswith(lead_id)]
        if len(found) != 1:
            raise HTTPException(404, "unknown lead")
        return found[0]

    async def _body(self, request: Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(400, "not JSON") from None
        if not isinstance(body, dict):
            raise HTTPException(400, "not a JSON object")
        return body

    # --- the run --------------------------------------------------------------------------

    def run(self, request: Request) -> JSONResponse:
        """``GET /api/run``: the run served, its rules and the register's statuses."""
        loaded, lang = self.ws.load(), self.ws.lang
        return self.answer(
            loaded,
            {
                "as_of": loaded.as_of,
                "run": loaded.run_id,
                "leads": len(loaded.leads),
                "rules": [{"id": r.id, "title": r.title.get(lang)} for r in loaded.rules.values()],
                "statuses": [{"id": s, "name": status_name(s, lang)} for s in STATUSES],
                "mask": self.ws.mask,
                "user": self.ws.user,
                "cap": CAP,
                "engine": loaded.graph.name,
            },
        )

    # --- search ---------------------------------------------------------------------------

    def _found(self, loaded: Loaded, found: Found) -> dict[str, Any]:
        shown = {
            "kind": found.kind,
            "name": found.name,
            "id_no": found.id_no,
            "born": found.born,
            "county": found.county,
            "detail": found.detail,
            "leads": [{"id": i, "short": loaded.short.get(i, i)} for i in found.leads],
            "exact": found.exact,
        }
        if found.kind == "lead":
            return {**shown, "lead": found.key, "short": loaded.short.get(found.key, found.key)}
        return {**shown, "node": self.ws.handles.node(found.key)}

    def search(self, request: Request) -> JSONResponse:
        """``GET /api/search?q=…``: people, organisations, cases and leads matching ``q``."""
        loaded = self.ws.load()
        query = request.query_params.get("q", "")[:200]
        found = loaded.finder.search(query)
        subjects = [subject(f.key) for f in found if f.kind != "lead"]
        self.audit.record("search", {"q": query}, len(found), subjects)
        return self.answer(loaded, [self._found(loaded, f) for f in found])

    # --- leads ----------------------------------------------------------------------------

    def leads(self, request: Request) -> JSONResponse:
        """``GET /api/leads``: the lead list (``rule``, ``status``, ``seen``, ``q``,
        ``group=person``, ``offset``, ``limit``)."""
        loaded, params = self.ws.load(), request.query_params
        filters = Filters(
            params.get("rule", ""),
            params.get("status", ""),
            params.get("seen", ""),
            params.get("q", "")[:200],
        )
        rows = self.table.rows(loaded, self.ws.register(), filters, self.ws.lang)
        offset = _int(request, "offset", 0, 0, 10**9)
        limit = _int(request, "limit", PAGE, 1, 1000)
        if params.get("group") == "person":
            groups = grouped(rows, loaded)
            page = groups[offset : offset + limit]
            names = self._names(loaded, [g["person"] for g in page])
            for group in page:
                group["name"] = names.get(group["person"], "")
            return self.answer(loaded, {"total": len(groups), "groups": page, "offset": offset})
        return self.answer(
            loaded, {"total": len(rows), "rows": rows[offset : offset + limit], "offset": offset}
        )

    def _names(self, loaded: Loaded, ids: list[str]) -> dict[str, str]:
        rows = loaded.graph.read(PARTY_NAMES, {"ids": ids}) if ids else []
        return {row["id"]: row["name"] or "" for row in rows}

    def lead(self, request: Request) -> JSONResponse:
        """``GET /api/leads/{id}``: the dossier (a unique beginning of the id will do)."""
        loaded = self.ws.load()
        lead_id = self._lead(loaded, request.path_params["lead_id"])
        lead = loaded.leads[lead_id]
        found = dossier(
            loaded,
            lead,
            self.ws.register().entries.get(lead_id),
            self.ws.history(lead_id),
            self.ws.lang,
        )
        self.audit.record(
            "lead",
            {"lead": lead_id, "rule": lead.rule},
            len(found["graph"]["nodes"]),
            self._subjects(lead),
        )
        return self.answer(loaded, found)

    @staticmethod
    def _subjects(lead: Any) -> list[str]:
        return list(lead.persons)

    async def decide(self, request: Request) -> JSONResponse:
        """``POST /api/leads/{id}/decision`` ``{status, assignee, note}`` (each optional)."""
        body = await self._body(request)
        values = {k: body.get(k) for k in ("status", "assignee", "note")}
        if any(v is not None and not isinstance(v, str) for v in values.values()):
            raise HTTPException(400, "status, assignee and note are texts")
        return await run_in_threadpool(self._decide, request.path_params["lead_id"], values)

    def _decide(self, lead_id: str, values: dict[str, Any]) -> JSONResponse:
        loaded = self.ws.load()
        lead_id = self._lead(loaded, lead_id)
        try:
            entry = self.ws.decide(lead_id, **values)
        except RegisterError as exc:
            raise HTTPException(400, str(exc)) from None
        self.audit.record(
            "decide",
            {"lead": lead_id, **{k: v for k, v in values.items() if v is not None}},
            1,
            self._subjects(loaded.leads[lead_id]),
        )
        return self.answer(loaded, decision(entry, self.ws.history(lead_id), self.ws.lang))

    # --- the graph ------------------------------------------------------------------------

    def node(self, request: Request) -> JSONResponse:
        """``GET /api/nodes/{handle}``: one node with every property, and the leads it is in."""
        loaded = self.ws.load()
        key = self._key(request.path_params["handle"])
        found = nodes_by_key(loaded, self.ws.project.vocabulary, [key]).get(key)
        if found is None:
            raise HTTPException(404, "no such node in this run")
        value = split_key(key)[1]
        leads = [
            {
                "id": i,
                "short": loaded.short.get(i, i),
                "title": loaded.rule_title(loaded.leads[i], self.ws.lang),
            }
            for i in loaded.finder.leads_of.get(value, ())
        ]
        return self.answer(loaded, {"node": loaded.drawing.node(found), "leads": leads})

    def expand(self, request: Request) -> JSONResponse:
        """``GET /api/nodes/{handle}/neighbours?skip=&limit=&layout=1``: a page of a node's
        neighbours (at most ``limit``, default 50), how many it has, where the next page
        starts; with ``layout``, the node and its neighbours laid out as a view of their own."""
        loaded = self.ws.load()
        key = self._key(request.path_params["handle"])
        skip = _int(request, "skip", 0, 0, 10**9)
        limit = _int(request, "limit", CAP, 1, 500)
        found = neighbours(loaded, self.ws.project.vocabulary, key, skip=skip, limit=limit)
        if found is None:
            raise HTTPException(404, "no such node in this run")
        shown = len(found.graph.nodes) - 1
        self.audit.record("expand", {"node": key, "skip": skip}, shown, [subject(key)])
        drawing = loaded.drawing
        view = (
            laid_out(drawing, found.graph)
            if request.query_params.get("layout")
            else drawing.graph(found.graph)
        )
        following = skip + shown
        return self.answer(
            loaded,
            {
                **view,
                "centre": self.ws.handles.node(key),
                "total": found.total,
                "next": following if following < found.total else None,
            },
        )

    def path(self, request: Request) -> JSONResponse:
        """``GET /api/path?from=&to=&hops=``: the shortest connections between two people."""
        loaded, params = self.ws.load(), request.query_params
        a, b = self._key(params.get("from", "")), self._key(params.get("to", ""))
        hops = _int(request, "hops", 6, 1, 12)
        try:
            result = party_path(
                loaded, self.ws.project.vocabulary, a, b, max_hops=hops, lang=self.ws.lang
            )
        except ReadTimeout:
            raise HTTPException(504, text("explore.path_timeout", self.ws.lang)) from None
        if result is None:
            raise HTTPException(400, "a path runs between people or organisations")
        found, paths = result
        self.audit.record("path", {"from": a, "to": b, "hops": hops}, len(paths),
                          [subject(a), subject(b)])  # fmt: skip
        view = laid_out(loaded.drawing, found)
        steps = [[self._step(loaded, found, s) for s in steps] for steps in paths]
        return self.answer(loaded, {**view, "paths": steps})

    def _step(self, loaded: Loaded, found: Subgraph, step: Step) -> dict[str, Any]:
        drawing, lang = loaded.drawing, self.ws.lang

        def named(key: str) -> str:
            node = found.nodes.get(key)
            return drawing.node(node)["label"].replace("\n", " ") if node else key

        return {
            "from": self.ws.handles.node(step.source),
            "to": self.ws.handles.node(step.target),
            "from_name": named(step.source),
            "to_name": named(step.target),
            "type": drawing.vocabulary.type_name(step.type, lang),
            "role": drawing.vocabulary.value_name(step.role, lang) if step.role else "",
            "table": drawing.vocabulary.table_title(step.src_table, lang) if step.src_table else "",
            "file": step.src_file or "",
            "row": step.src_row,
        }

    async def layout(self, request: Request) -> JSONResponse:
        """``POST /api/layout`` ``{nodes: [handle], edges: [[handle, handle]], pinned:
        {handle: [x, y]}, start: {handle: [x, y]}}``: the view laid out again, pinned nodes
        kept where they are, the others starting from ``start`` where given."""
        body = await self._body(request)
        nodes = [str(n) for n in body.get("nodes", [])][:MAX_VIEW]
        edges = [(str(a), str(b)) for a, b in body.get("edges", [])]
        pinned, start = (
            {str(k): (float(x), float(y)) for k, (x, y) in body.get(name, {}).items()}
            for name in ("pinned", "start")
        )
        return await run_in_threadpool(
            lambda: self.answer(self.ws.load(), {"positions": layout(nodes, edges, pinned, start)})
        )

    # --- exports --------------------------------------------------------------------------

    async def export(self, request: Request) -> JSONResponse:
        """``POST /api/exports`` ``{kind: png|html|xlsx, name, nodes: [handle], edges:
        [handle], positions: {handle: [x, y]}, image}``: the view written to ``OUT/exports``."""
        body = await self._body(request)
        return await run_in_threadpool(self._export, body)

    def _view(self, loaded: Loaded, body: dict[str, Any]) -> tuple[Subgraph, dict]:
        handles = [str(h) for h in body.get("nodes", [])][:MAX_VIEW]
        keys = {handle: self._key(handle) for handle in handles}
        found = Subgraph(str(body.get("title", ""))[:200])
        found.nodes = nodes_by_key(loaded, self.ws.project.vocabulary, keys.values())
        for handle in body.get("edges", []):
            edge = self.ws.handles.edge_of(str(handle))
            if edge and edge.source in found.nodes and edge.target in found.nodes:
                found.edges.append(edge)
        positions = {
            keys[h]: (float(x), float(y))
            for h, (x, y) in body.get("positions", {}).items()
            if h in keys
        }
        return found, positions

    def _export(self, body: dict[str, Any]) -> JSONResponse:
        loaded, kind = self.ws.load(), body.get("kind")
        folder, stem = self.ws.run.exports, str(body.get("name", "view"))
        try:
            if kind == "png":
                path, count = export_png(folder, stem, str(body.get("image", ""))), None
            elif kind in ("html", "xlsx"):
                found, positions = self._view(loaded, body)
                count = len(found.nodes)
                path = (
                    export_html(folder, stem, found, loaded.drawing, positions, mask=self.ws.mask)
                    if kind == "html"
                    else export_sheet(folder, stem, found, loaded.drawing, mask=self.ws.mask)
                )
            else:
                raise HTTPException(400, "kind: png, html or xlsx")
        except ExportRefused as exc:
            raise HTTPException(400, str(exc)) from None
        self.audit.record("export", {"kind": kind, "file": path.name, "name": stem}, count)
        return self.answer(loaded, {"file": path.name, "url": f"/api/exports/{path.name}"})

    def download(self, request: Request) -> Response:
        """``GET /api/exports/{name}``: an exported file, as a download."""
        name = request.path_params["name"]
        path = self.ws.run.exports / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise HTTPException(404, "no such export")
        return FileResponse(path, filename=name, content_disposition_type="attachment")
