"""The explorer's door: the launch token for a cookie, the loopback Host only, CSRF on every
change, a Content-Security-Policy on every answer, ID numbers masked in all it sends."""

from __future__ import annotations

import re

import pytest
from explore_tools import Client, serve

from xiansuo.explore.security import CSP
from xiansuo.model.lead import read_leads

FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")


def test_the_token_is_exchanged_for_a_strict_http_only_cookie(served):
    browser = Client(served.explorer, enter=False)
    status, headers, _ = browser.request("GET", f"/?token={served.explorer.keys.token}")
    assert status == 303 and headers["location"] == "/"
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert served.explorer.keys.token not in cookie


@pytest.mark.parametrize("path", ["/", "/api/search?q=a", "/api/leads", "/static/main.js"])
def test_without_the_cookie_nothing_is_served(served, path):
    status, headers, body = Client(served.explorer, enter=False).request("GET", path)
    assert status == 401
    assert headers["content-security-policy"] == CSP
    assert b"token" not in body if isinstance(body, bytes) else "leads" not in body


def test_a_wrong_token_or_cookie_is_refused(served):
    stranger = Client(served.explorer, enter=False)
    assert stranger.request("GET", "/?token=guessed")[0] == 403
    stranger.cookie = "xiansuo_session=guessed"
    assert stranger.request("GET", "/api/leads")[0] == 401


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:80", "127.0.0.1", "127.0.0.1:1", "[::1]:80"]
)
def test_a_foreign_host_header_is_refused_even_with_the_cookie(served, host):
    """DNS rebinding: a site whose name resolves to 127.0.0.1 reaches the port, not the data."""
    browser = served.client()
    status, _, body = browser.request("GET", "/api/leads", headers={"Host": host})
    assert status == 403 and body == {"error": "host"}
    assert browser.request("GET", f"/?token={served.explorer.keys.token}",
                           headers={"Host": host})[0] == 403  # fmt: skip


def test_a_change_needs_the_pages_csrf_token_json_and_its_own_origin(served):
    lead = read_leads(served.out / "leads.jsonl")[0]
    path = f"/api/leads/{lead.lead_id}/decision"
    browser = served.client()
    body = {"note": "x"}
    no_token = browser.request("POST", path, body, headers={"X-Xiansuo-CSRF": "guessed"})
    foreign = browser.request("POST", path, body, headers={"Origin": "http://evil.example"})
    cross_site = browser.request("POST", path, body, headers={"Sec-Fetch-Site": "cross-site"})
    as_form = browser.request("POST", path, body,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert [r[0] for r in (no_token, foreign, cross_site, as_form)] == [403] * 4
    assert [r[2]["error"] for r in (no_token, foreign, cross_site, as_form)] == [
        "csrf", "origin", "origin", "content_type",
    ]  # fmt: skip
    assert browser.request("POST", path, body, headers={"Origin": served.explorer.origin})[0] == 200


def test_every_answer_keeps_the_page_to_its_own_origin(served):
    browser = served.client()
    for path in ("/", "/api/run", "/static/main.js", "/vendor/vis-network.min.js"):
        status, headers, _ = browser.request("GET", path)
        assert status == 200, path
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-store"
    assert "default-src 'self'" in CSP and "script-src 'self'" in CSP and "unsafe" not in CSP


def test_nothing_the_browser_receives_holds_a_full_id(served):
    browser = served.client()
    gang = served.run.gang
    lead = read_leads(served.out / "leads.jsonl")[0]
    answers = [
        browser.get(f"/api/search?q={gang['persons'][0]}"),
        browser.get("/api/leads?limit=1000"),
        browser.get("/api/leads?group=person&limit=1000"),
        browser.get(f"/api/leads/{lead.lead_id}"),
    ]
    node = answers[0][0]["node"]
    answers += [browser.get(f"/api/nodes/{node}"), browser.get(f"/api/nodes/{node}/neighbours")]
    page = browser.request("GET", "/")[2].decode()
    text = page + repr(answers)
    assert FULL_ID.findall(text) == []
    assert gang["persons"][0][:4] + "*" * 10 + gang["persons"][0][-4:] in repr(answers)


def test_an_unmasked_explorer_shows_full_ids(served):
    explorer = serve(served.out, mask=False)
    with explorer.running():
        found = Client(explorer).get(f"/api/search?q={served.run.gang['persons'][0]}")
    assert found[0]["id_no"] == served.run.gang["persons"][0]
