"""Load throughput on the embedded engine, next to the engine's own floor.

For each size: generate clean data (cached under benchmarks/data/), then in separate
processes (so peak RSS is per measurement):
  ours   — `load_tables` into a fresh graph, as a run does: census, read, normalise,
           resolve, dedupe, fold the rows into nodes and relationships, create them;
  floor  — the same graph (exported from the loaded one beforehand, untimed) given to the
           engine's own fastest way in, `create_graph`: CREATE in batches, relationships by
           internal id, indexes after.
Prints one JSON line per measurement and a Markdown table.

    .venv/bin/python benchmarks/load_throughput.py --persons 100000 1000000 --repeat 3

Times are the best of the rounds; the ratio is also given as the median of the per-round
ratios, each round running ours and the floor back to back.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xiansuo.analysis.summary import graph_summary
from xiansuo.engines import NewRelationships
from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_tables
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.pipeline.resources import PeakMemory

HERE = Path(__file__).resolve().parent
# Generated data is cached here (git-ignored), or where XIANSUO_BENCH_DATA says.
DATA = Path(os.environ.get("XIANSUO_BENCH_DATA", HERE / "data"))
VOCABULARY = Vocabulary.load()
CHUNK = 5000


def dataset(persons: int, seed: int) -> Path:
    """Generated clean data for this size, made once and cached."""
    folder = DATA / f"persons-{persons}-seed-{seed}"
    if not (folder / "planted.json").is_file():
        from xiansuo.synth import generate

        generate(folder, persons=persons, seed=seed)
    return folder


def run_ours(data: Path, graph: Path) -> dict:
    with FalkorEngine(graph) as engine:
        with PeakMemory(engine) as memory:
            started = time.perf_counter()
            report = load_tables(data, engine, VOCABULARY, RunFolder(graph.parent), fresh=True)
            seconds = time.perf_counter() - started
        engine_peak = memory.peak["engine"]
        graph_counts = graph_summary(engine)
    return {
        "rows": report.totals.read, "seconds": seconds, "engine_peak": engine_peak,
        "graph": graph_counts,
    }  # fmt: skip


def export_graph(graph: Path, dump: Path) -> None:
    """Write the loaded graph's nodes and relationships as CREATE-ready batches (untimed).

    Pages by internal node id ranges (an id seek), not SKIP, so the export stays linear.
    """
    dump.mkdir(parents=True, exist_ok=True)
    key = VOCABULARY.key_value("{v}")
    # Both page over node ids, which FalkorDB seeks; relationships by their start node
    # (a filter on a relationship id would scan every relationship for every page).
    queries = {
        "node": "MATCH (n) WHERE id(n) >= $lo AND id(n) < $hi "
        "RETURN labels(n)[0] AS label, properties(n) AS p",
        "rel": "MATCH (a)-[r]->(b) WHERE id(a) >= $lo AND id(a) < $hi "
        f"RETURN labels(a)[0] AS a, {key.format(v='a')} AS ak, type(r) AS t, "
        f"labels(b)[0] AS b, {key.format(v='b')} AS bk, properties(r) AS p",
    }
    batch = 0
    with FalkorEngine(graph) as engine:
        top = engine.read("MATCH (n) RETURN max(id(n)) AS top")[0]["top"]
        for kind in ("node", "rel"):
            for lo in range(0, top + 1, CHUNK):
                rows = engine.read(queries[kind], {"lo": lo, "hi": lo + CHUNK})
                (dump / f"{batch:06d}.pkl").write_bytes(pickle.dumps((kind, rows)))
                batch += 1


def run_floor(dump: Path, graph: Path) -> dict:
    """The same graph given to the engine's fastest way in, ``create_graph`` (CREATE in
    batches, relationships by internal id, indexes after), from rows already folded."""
    keys = {key.label: key for key in VOCABULARY.node_keys}
    nodes: dict = {}
    groups: dict[tuple, list] = {}
    for path in sorted(dump.glob("*.pkl")):
        kind, rows = pickle.loads(path.read_bytes())
        for row in rows:
            if kind == "node":
                nodes.setdefault(keys[row["label"]], []).append(row["p"])
            else:
                groups.setdefault((row["t"], row["a"], row["b"]), []).append(
                    (row["ak"], row["bk"], row["p"])
                )
    relationships = [
        NewRelationships(t, keys[a], keys[b], rows) for (t, a, b), rows in groups.items()
    ]
    with FalkorEngine(graph) as engine, PeakMemory(engine) as memory:
        started = time.perf_counter()
        engine.create_graph(nodes, relationships, VOCABULARY.node_keys)
        seconds = time.perf_counter() - started
    with FalkorEngine(graph) as engine:
        graph_counts = graph_summary(engine)
    engine_peak = memory.peak["engine"]
    return {"seconds": seconds, "engine_peak": engine_peak, "graph": graph_counts}


def child(mode: str, data: Path, work: Path) -> None:
    """One measurement in its own process; prints a JSON line."""
    if mode == "ours":
        result = run_ours(data, work / "ours" / "g.db")
    elif mode == "export":
        export_graph(work / "ours" / "g.db", work / "dump")
        result = {}
    else:
        result = run_floor(work / "dump", work / "floor" / "g.db")
    result["own_peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"mode": mode, **result}))


def _child(mode: str, data: Path, work: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(data), str(work)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(f"{mode} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(persons: int, seed: int, repeat: int) -> dict:
    """Ours and floor alternately ``repeat`` times (the machine is shared and noisy)."""
    data = dataset(persons, seed)
    work = Path(tempfile.mkdtemp(prefix=f"xiansuo-bench-{persons}-"))
    runs: dict[str, list[dict]] = {"ours": [], "floor": []}
    try:
        for round_no in range(repeat):
            for mode in ("ours", "floor"):
                if mode == "floor" and round_no == 0:
                    _child("export", data, work)
                shutil.rmtree(work / mode, ignore_errors=True)
                runs[mode].append(_child(mode, data, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ours, floor = (min(runs[m], key=lambda r: r["seconds"]) for m in ("ours", "floor"))
    ratios = sorted(o["seconds"] / f["seconds"] for o, f in zip(*runs.values(), strict=True))
    if ours["graph"] != floor["graph"]:
        raise SystemExit(f"floor wrote another graph: {ours['graph']} vs {floor['graph']}")
    return {
        "persons": persons,
        "rows": ours["rows"],
        "nodes": sum(ours["graph"]["nodes"].values()),
        "relationships": sum(ours["graph"]["relationships"].values()),
        "ours_s": round(ours["seconds"], 1),
        "rows_per_s": round(ours["rows"] / ours["seconds"]),
        "floor_s": round(floor["seconds"], 1),
        "ratio_best": round(ours["seconds"] / floor["seconds"], 2),
        "ratio_median": round(statistics.median(ratios), 2),
        "rounds": repeat,
        **{
            f"{mode}_{part}_rss_mb": round(max(r[key] for r in runs[mode]) / 2**20)
            for mode in ("ours", "floor")
            for part, key in (("process", "own_peak"), ("engine", "engine_peak"))
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="alternating rounds")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "DATA", "WORK"))
    args = parser.parse_args()
    if args.child:
        mode, data, work = args.child
        child(mode, Path(data), Path(work))
        return
    rows = []
    for persons in args.persons:
        rows.append(measure(persons, args.seed, args.repeat))
        print(json.dumps(rows[-1]), flush=True)
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")


if __name__ == "__main__":
    main()
