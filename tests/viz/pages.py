"""Reading what a rendered page holds: the graph data it hands to vis-network."""

from __future__ import annotations

import json
import re


def page_data(html: str) -> dict:
    """The page's nodes, edges and options, as the page's script reads them."""
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))
