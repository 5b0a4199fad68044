"""Leads on dirty data against the clean data of the same seed, per rule, by lead_id.

Entity resolution's purpose (issue 4): whatever the mess, every rule finds the leads it
finds on the clean version. For each seed, generate both, run the whole pipeline on each
(load, analysis, rules, priority, outputs) and compare each rule's lead ids:
  recall     — of the clean leads, the share found on the dirty data;
  precision  — of the dirty leads, the share also found on the clean data.

    .venv/bin/python benchmarks/dirty_leads.py --persons 20000 --seeds 13 21
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from xiansuo.pipeline.project import Project
from xiansuo.pipeline.run import RunOptions, run_pipeline
from xiansuo.synth import generate


def leads_of(root: Path, persons: int, seed: int, dirty: bool) -> dict[str, set[str]]:
    """Each rule's lead ids on the generated data of that seed."""
    kind = "dirty" if dirty else "clean"
    data = root / kind / "data"
    as_of = generate(data, persons=persons, seed=seed, dirty=dirty).as_of.isoformat()
    result = run_pipeline(Project.open(root / kind / "out"), RunOptions(data, as_of))
    return {run.rule.id: {lead.lead_id for lead in run.leads} for run in result.runs}


def compare(persons: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        clean = leads_of(Path(tmp), persons, seed, dirty=False)
        dirty = leads_of(Path(tmp), persons, seed, dirty=True)
    rules = {}
    for rule_id, found in clean.items():
        both = len(found & dirty[rule_id])
        rules[rule_id] = {
            "clean": len(found), "dirty": len(dirty[rule_id]),
            "recall": round(both / len(found), 4) if found else None,
            "precision": round(both / len(dirty[rule_id]), 4) if dirty[rule_id] else None,
        }  # fmt: skip
    return {"persons": persons, "seed": seed, "rules": rules}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 21])
    args = parser.parse_args()
    for seed in args.seeds:
        print(json.dumps(compare(args.persons, seed), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
