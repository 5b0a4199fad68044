"""Entity resolution, measured: row → person precision and recall on dirty generated data.

For each seed: generate dirty data (whose ``row_truth/`` names the true person of every
row), read and resolve every row as the loader does, without writing a graph, and
compare each party mention with the truth:
  precision  — of the mentions resolved to a person, the share resolved to the right one;
  recall     — of the mentions a correct resolver can resolve, the share resolved rightly;
  strangers  — mentions resolved to a same-name stranger (must be 0).
Then a 1M-person dirty set for speed and peak memory: the whole pass (reading, normalising
and resolving every row; no graph) and, within it, the time the resolver itself takes.

    .venv/bin/python benchmarks/resolution_quality.py --persons 20000 --seeds 1 2 3 --speed 1000000
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xiansuo.graph_loader.resolve import Mention, Resolution, Resolver
from xiansuo.graph_loader.source import find_sources
from xiansuo.graph_loader.transform import RowRejected, TableTransform
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.synth import generate

HERE = Path(__file__).resolve().parent


class TimedResolver(Resolver):
    """The loader's resolver, adding up the time spent matching mentions to parties."""

    seconds = 0.0

    def resolve(self, mention: Mention, kind: str, *, final: bool = True) -> Resolution | None:
        started = time.perf_counter()
        try:
            return super().resolve(mention, kind, final=final)
        finally:
            self.seconds += time.perf_counter() - started


def resolve_all(data: Path) -> tuple[dict[tuple[str, int], str | None], dict[str, float]]:
    """Each row's resolved party (None: unresolved), as the loader resolves it, and timings.

    Like the loader: rows resolvable from their own identifier at once, the others (typos,
    missing IDs) once every file has been read. Timings: the whole pass (reading,
    normalising every field, resolving) in wall and CPU seconds, and the resolver's share.
    """
    gc.disable()  # as the loader does
    mappings = Vocabulary.load().mappings
    sources, _ = find_sources(data, set(mappings))
    plans = [(s, TableTransform(mappings[s.table], s.header(), s.path.name)) for s in sources]
    resolver = TimedResolver()
    cpu = time.process_time()
    assigned: dict[tuple[str, int], str | None] = {}
    waiting = []
    started = time.perf_counter()
    for final in (False, True):
        for source, transform in plans:
            transform.resolver = resolver
            rows = (row for chunk in source.chunks(5000) for row in chunk) if not final else (
                row for table, number, row in waiting if table is transform)  # fmt: skip
            for number, cells in rows:
                try:
                    graph = transform.row(number, cells, final=final)
                except RowRejected:
                    continue
                if graph is None:
                    waiting.append((transform, number, (number, cells)))
                    continue
                for resolution in graph.resolutions.values():
                    assigned[(source.table, number)] = resolution.key
    return assigned, {
        "pass_seconds": time.perf_counter() - started,
        "pass_cpu_seconds": time.process_time() - cpu,
        "resolver_seconds": resolver.seconds,
    }


def quality(persons: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        generate(data, persons=persons, seed=seed, dirty=True)
        assigned, _ = resolve_all(data)
        names = _names(data)
        resolved = correct = resolvable = recalled = strangers = 0
        for path in sorted((data / "row_truth").glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    key = (path.stem, int(row["row"]))
                    if not row["person"] or row["expect"] == "reject" or key not in assigned:
                        continue
                    got = assigned[key]
                    if got is not None:
                        resolved += 1
                        correct += got == row["person"]
                        strangers += got != row["person"] and names.get(got) == names.get(
                            row["person"]
                        )
                    if row["match"] != "unresolved":
                        resolvable += 1
                        recalled += got == row["person"]
    return {
        "persons": persons, "seed": seed, "mentions": len(assigned),
        "precision": round(correct / resolved, 5), "recall": round(recalled / resolvable, 5),
        "same_name_merges": strangers,
    }  # fmt: skip


def _names(data: Path) -> dict[str, str]:
    """The true name of every person, from the clean regeneration of the same seed."""
    planted = json.loads((data / "planted.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        clean = Path(tmp)
        generate(clean, persons=planted["persons"], seed=planted["seed"])
        names: dict[str, str] = {}
        for table, id_column, name_column in (
            ("case_parties", "身份证号", "姓名"), ("low_income", "身份证号", "姓名"),
            ("community_corrections", "身份证号", "姓名"),
            ("enforcement_cases", "被执行人证件号", "被执行人"),
        ):  # fmt: skip
            with (clean / f"{table}.csv").open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    names.setdefault(row[id_column], row[name_column])
    return names


def speed(persons: int, seed: int) -> dict:
    data = HERE / "data" / f"persons-{persons}-seed-{seed}-dirty"
    if not (data / "planted.json").is_file():
        generate(data, persons=persons, seed=seed, dirty=True)
    assigned, seconds = resolve_all(data)
    return {
        "persons": persons, "mentions": len(assigned),
        **{name: round(value, 1) for name, value in seconds.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--speed", type=int, default=0, help="persons for the speed run")
    parser.add_argument("--child-speed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_speed:
        print(json.dumps(speed(args.child_speed, 7)))
        return
    for seed in args.seeds:
        print(json.dumps(quality(args.persons, seed)), flush=True)
    if args.speed:  # its own process, so peak memory is the resolution's alone
        out = subprocess.run([sys.executable, __file__, "--child-speed", str(args.speed)],
                             capture_output=True, text=True, check=True)  # fmt: skip
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
