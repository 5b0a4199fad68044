"""The whole ``xiansuo run`` on dirty generated data, and DuckDB on its clean twin, per size.

For each size: generate the dirty tables and their clean twin (same seed: the same people
and leads, without the mess), cached under ``--data-root``; then, as children of this
process, run ``xiansuo run`` on the dirty tables and ``duckdb_models.py`` (the eight
contract models in SQL) on the clean ones. Prints one JSON line per size and one table:
every stage's seconds from the run's ``run_summary.json``, the run's wall time as seen from
here (start-up, graph file swap and all), the peak RSS of xiansuo's process and of the
embedded engine, and the ratios to DuckDB.

    nice .venv/bin/python benchmarks/pipeline_scale.py --persons 100000 1000000 \\
        --data-root /work/bench-data/data

The dirty tables cannot be read by the SQL models (encodings, mistyped IDs), which is why
DuckDB runs on the clean twin; the lead counts of both are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from load_throughput import DATA

HERE = Path(__file__).resolve().parent
XIANSUO = Path(sys.executable).with_name("xiansuo")
# The eight contract models; the ninth built-in rule (multi_region_gang) has no SQL twin.
NETWORK_RULES = {"multi_region_gang"}
TARGET_S = {100_000: 20, 1_000_000: 180}


def tables(root: Path, persons: int, seed: int, *, dirty: bool) -> Path:
    """Generated tables of this size, made once."""
    folder = root / f"persons-{persons}-seed-{seed}{'-dirty' if dirty else ''}"
    if not (folder / "planted.json").is_file():
        from xiansuo.synth import generate

        generate(folder, persons=persons, seed=seed, dirty=dirty)
    return folder


def as_of(data: Path) -> str:
    return str(json.loads((data / "planted.json").read_text(encoding="utf-8"))["as_of"])


def run_xiansuo(data: Path, out: Path, extra: list[str]) -> dict:
    command = [str(XIANSUO), "run", "--data", str(data), "--as-of", as_of(data), "--out",
               str(out), *extra]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"xiansuo run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    summary = json.loads((out / "run_summary.json").read_text(encoding="utf-8"))
    contract = {k: v for k, v in summary["rules"].items() if k not in NETWORK_RULES}
    return {
        "wall_s": round(wall, 1),
        "stages": summary["stages"],
        "peak_mb": summary["peak_mb"],
        "leads": sum(r["leads"] for r in summary["rules"].values()),
        "contract_rules_s": round(sum(r["seconds"] for r in contract.values()), 3),
        "contract_leads": sum(r["leads"] for r in contract.values()),
        "pages": len(list((out / "leads").glob("*.html"))),
        "report_mb": round((out / "report.html").stat().st_size / 2**20, 1),
    }


def run_duckdb(clean: Path) -> dict:
    command = [sys.executable, str(HERE / "duckdb_models.py"), "--data", str(clean)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"duckdb_models.py failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def measure(persons: int, seed: int, root: Path, extra: list[str]) -> dict:
    dirty = tables(root, persons, seed, dirty=True)
    clean = tables(root, persons, seed, dirty=False)
    ours = run_xiansuo(dirty, root / f"run-{persons}-seed-{seed}", extra)
    sql = run_duckdb(clean)
    return {
        "persons": persons,
        "seed": seed,
        **ours,
        "duckdb_load_s": sql["load_seconds"],
        "duckdb_rules_s": sql["rules_seconds"],
        "duckdb_leads": sum(r["leads"] for r in sql["rules"].values()),
        "rules_ratio": round(ours["contract_rules_s"] / sql["rules_seconds"], 1),
    }


def table(rows: list[dict]) -> str:
    stages = list(rows[0]["stages"])
    head = ["persons", "wall s", "target s", *(f"{s} s" for s in stages), "xiansuo MB",
            "engine MB", "leads", "pages", "report MB", "8 rules s", "DuckDB 8 rules s",
            "ratio", "DuckDB load s"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [f"{r['persons']:,}", r["wall_s"], TARGET_S.get(r["persons"], "–"),
                 *(r["stages"][s] for s in stages), r["peak_mb"]["xiansuo"],
                 r["peak_mb"]["engine"], f"{r['leads']:,} ({r['duckdb_leads']:,} in SQL)",
                 r["pages"], r["report_mb"], r["contract_rules_s"], r["duckdb_rules_s"],
                 r["rules_ratio"], r["duckdb_load_s"]]  # fmt: skip
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-root", type=Path, default=DATA)
    parser.add_argument("--run-arg", action="append", default=[],
                        help="extra argument for xiansuo run (repeatable)")  # fmt: skip
    args = parser.parse_args()
    rows = []
    for persons in args.persons:
        row = measure(persons, args.seed, args.data_root, args.run_arg)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    print(table(rows))


if __name__ == "__main__":
    main()
