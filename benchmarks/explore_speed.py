"""How fast the explorer answers on a large run: search, dossier, expand, path, through its
HTTP API (as the page asks), and how a 2,000-node view pans and zooms in headless Chromium.

    .venv/bin/python benchmarks/explore_speed.py --out /work/bench-data/run-1m-explore

OUT is a finished run (``xiansuo run``). A run written before the load indexed names has no
name index: ``--index`` adds it first, as a load now does (``Vocabulary.name_indexes``).
Each figure is the latency of whole requests to the server on the loopback, in ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from xiansuo.explore.server import Explorer
from xiansuo.explore.workspace import Workspace
from xiansuo.model.lead import read_leads
from xiansuo.model.masking import mask_id
from xiansuo.pipeline.project import Project

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def _client(explorer: Explorer):
    import sys

    tests = Path(__file__).resolve().parents[1] / "tests"
    sys.path[:0] = [str(tests / "explore"), str(tests)]
    from explore_tools import Client  # the tests' client: enters as a browser does

    return Client(explorer)


def timed(client, paths: list[str]) -> list[float]:
    found = []
    for path in paths:
        started = time.perf_counter()
        client.get(path)
        found.append((time.perf_counter() - started) * 1000)
    return found


def summary(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | "
            f"{max(times):.1f} |")  # fmt: skip


def searches(client, out: Path, rng: random.Random) -> list[str]:
    """What investigators type: names, a name with a masked ID, case numbers written as
    clerks write them, organisations, the start of a lead id."""
    leads = read_leads(out / "leads.jsonl")
    picked = rng.sample(leads, 40)
    queries = []
    for lead in picked[:20]:
        found = client.get(f"/api/search?q={lead.persons[0]}")
        if found:
            queries.append(found[0]["name"])
            queries.append(f"{found[0]['name']} {mask_id(lead.persons[0])}")
    for lead in picked[20:35]:
        case = lead.cases[0]
        queries.append(f"（{case[1:5]}）{' '.join(case[6:])}")
    queries += [lead.lead_id[:8] for lead in picked[35:40]]
    queries += [name[:1] for name in queries[:10:2]]  # the first character, typed ahead
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--index", action="store_true", help="add the name indexes first")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    project = Project.open(args.out)
    if args.index:
        with project.engine() as engine:
            engine.ensure_indexes(project.vocabulary.name_indexes)
    rng = random.Random(args.seed)
    workspace = Workspace(project, lang="zh", mask=True, user="benchmark")
    started = time.perf_counter()
    loaded = workspace.load()
    print(f"loaded {len(loaded.leads)} leads in {time.perf_counter() - started:.1f} s")
    explorer = Explorer(workspace)
    rows = []
    with explorer.running():
        client = _client(explorer)
        time.sleep(5)  # FalkorDB rebuilds its indexes in the background after loading a file
        queries = searches(client, args.out, rng)
        rows.append(summary("search", timed(client, [f"/api/search?q={q}" for q in queries])))
        lists = [
            "/api/leads", "/api/leads?group=person", "/api/leads?status=核查中",
            "/api/leads?rule=multi_region_gang&seen=new", "/api/leads?offset=5000",
        ]  # fmt: skip
        lists += [f"/api/leads?q={q}" for q in queries[:15]]
        rows.append(summary("lead list (100 a page)", timed(client, lists)))
        lead_ids = rng.sample(list(loaded.leads), 100)
        rows.append(summary("dossier", timed(client, [f"/api/leads/{i}" for i in lead_ids])))
        nodes = []
        for lead_id in lead_ids[:40]:
            nodes += [n["id"] for n in client.get(f"/api/leads/{lead_id}")["graph"]["nodes"]]
        expanded = rng.sample(nodes, 100)
        rows.append(
            summary(
                "expand (≤ 50)", timed(client, [f"/api/nodes/{n}/neighbours" for n in expanded])
            )
        )
        planted = _planted(args.out)
        pairs = [g["persons"][:2] for g in planted.get("multi_region_gang", [])][:20]
        ends = [[client.get(f"/api/search?q={p}")[0]["node"] for p in pair] for pair in pairs]
        rows.append(
            summary(
                "path (gang members)",
                timed(client, [f"/api/path?from={a}&to={b}" for a, b in ends]),
            )
        )
        frames = _big_view(explorer, client)
    print("| request | n | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print(frames)


def _planted(out: Path) -> dict:
    for folder in (out / "data", out.parent / "data-1m"):
        if (folder / "planted.json").is_file():
            return json.loads((folder / "planted.json").read_text(encoding="utf-8"))["planted"]
    return {}


# Shows a view and returns the milliseconds until it is drawn (two frames later).
SHOW = """
(view) => new Promise((done) => {
  const started = performance.now();
  xiansuo.graph.show(view, "benchmark");
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));
})
"""
# Records the time between frames until window.frames.stop() returns them.
FRAMES = """
() => {
  const gaps = [];
  let last = performance.now(), running = true;
  const tick = (now) => {
    gaps.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.frames = { stop: () => { running = false; return gaps.slice(1); } };
}
"""


def _big_view(explorer: Explorer, client) -> str:
    """2,000 nodes on screen: the neighbours of the busiest counties, as expanding shows them."""
    graph = explorer.workspace.load().graph
    counties = graph.read(
        "MATCH (j:Jurisdiction)-[r]-() RETURN j.code AS code, count(r) AS n ORDER BY n DESC LIMIT 8"
    )
    nodes, edges = {}, {}
    for county in counties:
        handle = explorer.workspace.handles.node(f"Jurisdiction:{county['code']}")
        skip = 0
        while len(nodes) < 2000 and skip is not None and skip < 1000:
            page = client.get(f"/api/nodes/{handle}/neighbours?skip={skip}&limit=500")
            nodes |= {n["id"]: n for n in page["nodes"]}
            edges |= {e["id"]: e for e in page["edges"]}
            skip = page["next"]
        if len(nodes) >= 2000:
            break
    shown = list(nodes.values())[:2000]
    kept = {n["id"] for n in shown}
    lines = [[e["from"], e["to"]] for e in edges.values() if e["from"] in kept and e["to"] in kept]
    positions = client.post("/api/layout", {"nodes": list(kept), "edges": lines})["positions"]
    for node in shown:
        node["x"], node["y"] = positions[node["id"]]
    view = {
        "nodes": shown,
        "edges": [e for e in edges.values() if e["from"] in kept and e["to"] in kept],
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1600, "height": 950})
        page.goto(explorer.url)
        page.wait_for_selector("body[data-ready]", timeout=60_000)
        drawn = page.evaluate(SHOW, view)
        box = page.locator("#graph").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.evaluate(FRAMES)
        page.mouse.move(cx, cy)
        page.mouse.down()
        for step in range(60):
            page.mouse.move(cx + 4 * step, cy + 2 * step)
        page.mouse.up()
        pan = page.evaluate("() => window.frames.stop()")
        page.evaluate(FRAMES)
        for step in range(20):
            page.mouse.wheel(0, -120 if step < 10 else 120)
            page.wait_for_timeout(30)
        zoom = page.evaluate("() => window.frames.stop()")
        count = page.evaluate("() => [xiansuo.graph.nodes.length, xiansuo.graph.edges.length]")
        browser.close()

    def frame(times: list[float]) -> str:
        ordered = sorted(times) or [0.0]
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms ({len(times)} frames)"

    return (
        f"\n2,000-node view: {count[0]} nodes, {count[1]} edges, drawn in {drawn:.0f} ms; "
        f"pan: {frame(pan)}; zoom: {frame(zoom)}"
    )


if __name__ == "__main__":
    main()
