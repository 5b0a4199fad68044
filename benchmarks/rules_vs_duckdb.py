"""Time of each built-in rule on the embedded engine, next to the same model in DuckDB SQL.

For each size: generate clean data (cached under benchmarks/data/), load it once into an
embedded graph (cached beside it), then run every rule and the DuckDB SQL of the same model
(benchmarks/duckdb_models.py) ``--repeat`` times, alternating, keeping the best time of each.
The two implementations must report the same leads; the script fails if they do not.

With ``--dirty`` the graph is loaded from the dirty tables of the same seed (the SQL models
read clean tables only, so DuckDB runs on the clean twin): the leads must still agree.

    .venv/bin/python benchmarks/rules_vs_duckdb.py --persons 100000 1000000
    .venv/bin/python benchmarks/rules_vs_duckdb.py --persons 100000 --seed 1 --dirty
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from duckdb_models import duckdb_leads
from load_throughput import dataset

from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_tables
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.rule import load_rules
from xiansuo.queries.runner import run_rule

VOCABULARY = Vocabulary.load()


def graph_of(data: Path) -> Path:
    """The loaded graph of a dataset, made once."""
    path = data.parent / f"{data.name}.graph" / "g.db"
    if not path.is_file():
        with FalkorEngine(path) as engine:
            load_tables(data, engine, VOCABULARY, RunFolder(path.parent), fresh=True)
    return path


def dirty_twin(clean: Path, persons: int, seed: int) -> Path:
    """The dirty tables of the same seed as ``clean``, made once."""
    folder = clean.with_name(f"{clean.name}-dirty")
    if not (folder / "planted.json").is_file():
        from xiansuo.synth import generate

        generate(folder, persons=persons, seed=seed, dirty=True)
    return folder


def measure(persons: int, seed: int, repeat: int, dirty: bool = False) -> list[dict]:
    data = dataset(persons, seed)
    graph = graph_of(dirty_twin(data, persons, seed) if dirty else data)
    as_of = dt.date.fromisoformat(json.loads((data / "planted.json").read_text())["as_of"])
    # The contract's models only: network rules need the analysis and have no SQL twin.
    rules = [rule for rule in load_rules() if not rule.requires]
    best: dict[str, dict[str, float]] = {r.id: {"graph": 1e9, "sql": 1e9} for r in rules}
    with FalkorEngine(graph) as engine:
        for _ in range(repeat):
            sql_leads, sql_seconds = duckdb_leads(data, as_of)
            for rule in rules:
                run = run_rule(engine, rule, {"as_of": as_of}, VOCABULARY, max_rows=10**9)
                if run.error:
                    raise SystemExit(f"{rule.id}: {run.error['en']}")
                found = {(lead.persons, lead.cases) for lead in run.leads}
                if found != sql_leads[rule.id]:
                    raise SystemExit(f"{rule.id}: graph and SQL disagree at {persons} persons")
                times = best[rule.id]
                times["graph"] = min(times["graph"], run.seconds)
                times["sql"] = min(times["sql"], sql_seconds[rule.id])
                times["leads"] = len(found)
    rows = [
        {
            "persons": persons,
            "data": f"seed {seed}{', dirty' if dirty else ''}",
            "rule": rule_id,
            "leads": t["leads"],
            "graph_s": round(t["graph"], 3),
            "duckdb_s": round(t["sql"], 3),
            "ratio": round(t["graph"] / t["sql"], 1),
        }
        for rule_id, t in best.items()
    ]
    total_graph = sum(t["graph"] for t in best.values())
    total_sql = sum(t["sql"] for t in best.values())
    rows.append(
        {
            "persons": persons,
            "data": f"seed {seed}{', dirty' if dirty else ''}",
            "rule": "all eight",
            "leads": sum(r["leads"] for r in rows),
            "graph_s": round(total_graph, 2),
            "duckdb_s": round(total_sql, 2),
            "ratio": round(total_graph / total_sql, 1),
        }
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dirty", action="store_true", help="graph from the dirty tables")
    args = parser.parse_args()
    rows = [row for n in args.persons for row in measure(n, args.seed, args.repeat, args.dirty)]
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
