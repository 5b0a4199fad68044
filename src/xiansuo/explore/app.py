"""The explorer as one ASGI application: its pages (the explorer, the query workbench), their
assets from the package, the API, all behind the guard (``security.Guard``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from xiansuo.engines.base import QueryFailed, ReadTimeout
from xiansuo.explore.api import Api
from xiansuo.explore.audit import AuditTrail
from xiansuo.explore.security import Guard, Keys
from xiansuo.explore.workbench import Workbench
from xiansuo.explore.workspace import NoRun, Workspace
from xiansuo.model.texts import catalogue, text, texts
from xiansuo.viz.page import FONTS

__all__ = ["PAGE_TEXTS", "make_app"]

# The catalogue areas the page script looks texts up in: its own, and the names it shows.
PAGE_TEXTS = (
    "explore.", "workbench.", "page.", "status.", "run_status.", "severity.", "report.",
)  # fmt: skip


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("xiansuo.explore", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def _script_json(value: object) -> Markup:
    """JSON to put inside a ``<script>`` element: no "<" in it may close the element."""
    return Markup(json.dumps(value, ensure_ascii=False).replace("<", "\\u003c"))


def page_texts(lang: str) -> dict[str, str]:
    """The catalogue's texts the page uses, in ``lang``."""
    return {key: text(key, lang) for key in catalogue() if key.startswith(PAGE_TEXTS)}


def make_app(workspace: Workspace, keys: Keys, hosts: set[str], audit: AuditTrail) -> Starlette:
    """The application over ``workspace``, answering only at ``hosts`` (``host:port``)."""
    lang = workspace.lang
    index, workbench = (
        _environment()
        .get_template(name)
        .render(
            lang=lang,
            t=texts(lang),
            fonts=Markup(FONTS),
            csrf=keys.csrf,
            page_texts=_script_json(page_texts(lang)),
        )
        for name in ("index.html.j2", "workbench.html.j2")
    )

    def page(html: str) -> Callable[[Request], Response]:
        return lambda request: HTMLResponse(html)

    async def refused(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else str(exc)
        return JSONResponse({"error": detail}, status)

    async def timed_out(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": text("explore.timeout", lang)}, 504)

    async def failed(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": text("explore.query_failed", lang)}, 500)

    async def no_run(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": text("cli.no_run", lang, out=workspace.run.path)}, 503)

    api = Api(workspace, audit)
    return Starlette(
        routes=[
            Route("/", page(index), methods=["GET"]),
            Route("/workbench", page(workbench), methods=["GET"]),
            *api.routes(),
            *Workbench(api).routes(),
            Mount("/static", StaticFiles(packages=[("xiansuo.explore", "static")])),
            Mount("/vendor", StaticFiles(packages=[("xiansuo.viz", "assets")])),
        ],
        middleware=[Middleware(Guard, keys=keys, hosts=hosts, lang=lang)],
        exception_handlers={
            HTTPException: refused,
            ReadTimeout: timed_out,
            QueryFailed: failed,
            NoRun: no_run,
        },
    )
