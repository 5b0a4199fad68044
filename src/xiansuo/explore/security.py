"""The explorer's door: a per-launch token, the loopback Host only, CSRF on every change,
and response headers that keep the page to its own origin.

- The URL printed at launch carries a random token. Opening it exchanges the token for a
  session cookie (HttpOnly, SameSite=Strict) and redirects to the bare address, so the
  token leaves the address bar and the history. Any request without the cookie is refused
  (401; 403 for a wrong token).
- A request whose Host header is not the address the server was started on is refused
  before anything else (DNS rebinding: a site that resolves its own name to 127.0.0.1).
- A request that changes anything (not GET or HEAD) must carry the page's CSRF token in a
  header, send JSON, and come from the server's own origin if the browser says where from.
- Every response carries a Content-Security-Policy that allows nothing but the server's
  own origin (no inline script, no other host, no frames), and is never cached.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from xiansuo.model.texts import text

__all__ = ["COOKIE", "CSP", "CSRF_HEADER", "Guard", "Keys"]

COOKIE = "xiansuo_session"
CSRF_HEADER = "x-xiansuo-csrf"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
_SAFE_METHODS = ("GET", "HEAD")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Keys:
    """The secrets of one launch: the URL's token, the session cookie, the CSRF token."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class Guard:
    """ASGI middleware in front of the explorer's routes."""

    def __init__(self, app: App, *, keys: Keys, hosts: set[str], lang: str = "zh") -> None:
        self.app, self.keys, self.hosts, self.lang = app, keys, hosts, lang

    async def _refuse(self, scope: Scope, send: Send, status: int, reason: str) -> None:
        """JSON for the API; for a page, a sentence saying how to get in."""
        if scope["path"].startswith("/api/"):
            body, kind = json.dumps({"error": reason}).encode(), b"application/json"
        else:
            body, kind = (
                text(f"explore.refused_{reason}", self.lang).encode(),
                b"text/plain; charset=utf-8",
            )
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", kind), *_HEADERS],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host") not in self.hosts:
            await self._refuse(scope, send, 403, "host")
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "token" in query:
            if scope["path"] == "/" and _same(query["token"][0], self.keys.token):
                await _enter(send, self.keys.session)
            else:
                await self._refuse(scope, send, 403, "token")
            return
        cookie = SimpleCookie(headers.get("cookie", ""))
        session = cookie[COOKIE].value if COOKIE in cookie else None
        if not _same(session, self.keys.session):
            await self._refuse(scope, send, 401, "session")
            return
        if scope["method"] not in _SAFE_METHODS:
            problem = self._unsafe_request(headers)
            if problem:
                await self._refuse(scope, send, 403, problem)
                return
        await self.app(scope, receive, _with_headers(send))

    def _unsafe_request(self, headers: dict[str, str]) -> str | None:
        if not _same(headers.get(CSRF_HEADER), self.keys.csrf):
            return "csrf"
        origin = headers.get("origin")
        if origin is not None and origin.partition("://")[2] not in self.hosts:
            return "origin"
        if headers.get("sec-fetch-site", "same-origin") != "same-origin":
            return "origin"
        if not headers.get("content-type", "").startswith("application/json"):
            return "content_type"
        return None


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *_HEADERS]
        await send(message)

    return sending


async def _enter(send: Send, session: str) -> None:
    cookie = f"{COOKIE}={session}; HttpOnly; SameSite=Strict; Path=/"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", b"/"), (b"set-cookie", cookie.encode()), *_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": b""})
