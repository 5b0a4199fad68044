"""Time and memory of ``analyze`` on the loaded graphs of generated data, per step.

Opens the loaded graph of each size (``benchmarks/data/persons-N-seed-S.graph/g.db``, made
by rules_vs_duckdb.py from the cached data; analysis writes properties into it) and runs
the whole analysis once, reporting seconds per step, peak RSS of this process and of the
embedded server, and the nodes, edges and components of each projection.

    .venv/bin/python benchmarks/analyze_scale.py --persons 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from load_throughput import dataset
from rules_vs_duckdb import graph_of

from xiansuo.analysis.analyze import analyze
from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.pipeline.resources import PeakMemory


def measure(persons: int, seed: int) -> dict:
    with FalkorEngine(graph_of(dataset(persons, seed))) as engine, PeakMemory(engine) as memory:
        started = time.perf_counter()
        found = analyze(engine)
        seconds = time.perf_counter() - started
    return {
        "persons": persons,
        "seconds": round(seconds, 1),
        "steps": found.seconds,
        "projections": found.projections,
        "communities": len(found.communities),
        "largest_community": max(c.size for c in found.communities),
        "written": found.written,
        "own_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "engine_peak_mb": round(memory.peak["engine"] / 2**20),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for persons in args.persons:
        # One process per size would isolate peak RSS; run sizes separately for that.
        print(json.dumps(measure(persons, args.seed), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
