"""The offline test's explorer step: open the printed address, then ask for the lead list.

Usage: explore_probe.py LOG  (LOG: where ``xiansuo explore --no-browser`` prints its address)
"""

import http.cookiejar
import json
import re
import sys
import time
import urllib.request


def address(log: str) -> str:
    """The address with the launch's token, once the explorer has printed it."""
    for _ in range(600):
        with open(log, encoding="utf-8") as printed:
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", printed.read())
        if found:
            return found.group()
        time.sleep(0.2)
    raise SystemExit("offline test: the explorer printed no address in two minutes")


def main() -> None:
    url = address(sys.argv[1])
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        urllib.request.ProxyHandler({}),
    )
    page = opener.open(url, timeout=30).read().decode("utf-8")
    # Every asset comes from the package: the page names no other origin.
    assert "<script" in page and re.search(r"(src|href)=[\"']?(https?:)?//", page) is None
    base = url.split("/?")[0]
    leads = json.load(opener.open(f"{base}/api/leads", timeout=30))
    assert leads["total"] > 0 and leads["rows"], leads
    print(f"explorer answered offline: {leads['total']} leads")


main()
