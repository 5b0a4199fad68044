"""Lead pages of a whole run, and one 300-node page stabilising in headless Chromium.

For the size given: the clean data and its loaded graph (cached under benchmarks/data/, as
rules_vs_duckdb.py makes them), every enabled rule run once for the leads, then every lead's
subgraph read and its page written (shared vis-network asset), ``--repeat`` times, best
round; then the whole outputs stage once (pages, register, report.html, leads.xlsx). Then
a page of ``--max-nodes`` nodes (a county's cases and events and their parties, capped) is
opened in Debian's headless Chromium ``--repeat`` times; the time is from navigation start
until vis-network has stabilised and physics is off (best and worst).

    .venv/bin/python benchmarks/render_speed.py --persons 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from itertools import chain
from pathlib import Path

from load_throughput import dataset
from rules_vs_duckdb import graph_of

from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.model.lead import write_leads
from xiansuo.model.subgraph import Subgraph
from xiansuo.outputs.pages import write_lead_pages
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.stages import outputs_stage
from xiansuo.queries.runner import run_rule
from xiansuo.viz.lead_graph import add_rows, read_relationships
from xiansuo.viz.page import render_page

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
BUSIEST_COUNTY = """
MATCH (c:Case)-[:IN_REGION]->(j:Jurisdiction)
RETURN j.code AS code, count(c) AS cases ORDER BY cases DESC LIMIT 1
"""


def all_lead_pages(engine: FalkorEngine, project: Project, leads: list, max_nodes: int) -> float:
    started = time.perf_counter()
    write_lead_pages(engine, project.vocabulary, leads, project.run, max_nodes=max_nodes)
    return time.perf_counter() - started


def county_subgraph(engine: FalkorEngine, project: Project) -> Subgraph:
    """The busiest county, its cases and events, and theirs: far more than one page may show."""
    vocabulary = project.vocabulary
    code = engine.read(BUSIEST_COUNTY)[0]["code"]
    graph = Subgraph(f"区划 {code}", focus={f"Jurisdiction:{code}"})
    seen: set[str] = set()
    found = read_relationships(engine, vocabulary, {"Jurisdiction": {code}})
    hop_one = add_rows(graph, seen, chain.from_iterable(found.values()), vocabulary)
    more = read_relationships(engine, vocabulary, hop_one)
    add_rows(graph, seen, chain.from_iterable(more.values()), vocabulary)
    return graph


def stabilise_times(page_file: Path, repeat: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    seconds = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(page_file.as_uri())
            page.wait_for_function("window.xiansuo && window.xiansuo.stabilised", timeout=60_000)
            seconds.append(page.evaluate("xiansuo.stabilisedAt") / 1000)
            nodes = page.evaluate("xiansuo.nodes.length")
            page.close()
        browser.close()
    print(f"  page drawn with {nodes} nodes", file=sys.stderr)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-nodes", type=int, default=300)
    args = parser.parse_args()
    data = dataset(args.persons, args.seed)
    as_of = json.loads((data / "planted.json").read_text())["as_of"]
    with tempfile.TemporaryDirectory(prefix="xiansuo-render-") as work:
        project = Project.open(Path(work))
        out = project.run.path
        with FalkorEngine(graph_of(data)) as engine:
            # The network rule needs the analysis, which this benchmark does not time.
            leads = [
                lead
                for rule in project.rules
                if rule.enabled and not rule.requires
                for lead in run_rule(
                    engine, rule, {"as_of": dt.date.fromisoformat(as_of)}, project.vocabulary,
                    max_rows=10**9,
                ).leads
            ]  # fmt: skip
            rounds = []
            for _ in range(args.repeat):
                shutil.rmtree(project.run.lead_pages, ignore_errors=True)
                rounds.append(all_lead_pages(engine, project, leads, args.max_nodes))
            write_leads(project.run.leads, leads)
            stage = outputs_stage(project, engine, as_of=as_of, max_nodes=args.max_nodes)
            big = county_subgraph(engine, project)
        pages = list(project.run.lead_pages.glob("*.html"))
        size = statistics.mean(p.stat().st_size for p in pages) / 1024
        page_file = render_page(
            big, out / "county.html", project.vocabulary, max_nodes=args.max_nodes
        )
        stabilised = stabilise_times(page_file, args.repeat)
    print(
        json.dumps(
            {
                "persons": args.persons,
                "leads": len(leads),
                "pages_best_s": round(min(rounds), 2),
                "pages_median_s": round(statistics.median(rounds), 2),
                "ms_per_page": round(1000 * min(rounds) / len(leads), 2),
                "outputs_stage_s": round(stage.seconds, 2),
                "mean_page_kb": round(size, 1),
                "county_nodes": len(big.nodes),
                "county_edges": len(big.edges),
                "stabilised_best_s": round(min(stabilised), 2),
                "stabilised_worst_s": round(max(stabilised), 2),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
