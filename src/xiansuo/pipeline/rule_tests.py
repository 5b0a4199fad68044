"""Rule tests beside each rule: small input tables, the leads that must be found, nothing else.

A test file ``<rule>.test.yaml`` holds cases; each case's tables (in the contract's columns,
loaded by the real loader into an empty graph) must yield exactly its ``expect`` leads.
Values like ``@A`` stand for valid synthetic resident IDs (``@org.A`` for USCCs), so authors
never compute check digits and tests never hold real-looking numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from xiansuo.analysis.analyze import analyze
from xiansuo.engines import GraphEngine
from xiansuo.graph_loader import load_tables
from xiansuo.graph_loader.resident_id import check_char as id_check
from xiansuo.graph_loader.uscc import check_char as uscc_check
from xiansuo.model.mapping import Mapping
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.rule import Rule, RuleError
from xiansuo.queries.runner import run_rule

__all__ = ["CaseResult", "RuleTests", "load_rule_tests", "run_rule_tests", "symbol_id"]

_SYMBOL = re.compile(r"@(org\.)?[\w\u4e00-\u9fff]+")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedLead(_Strict):
    """A lead by its persons and key cases (order does not matter)."""

    persons: tuple[str, ...]
    cases: tuple[str, ...]


class RuleTestCase(_Strict):
    """Input tables and exactly the leads they must give; a known gap is expected to fail."""

    name: str
    tables: dict[str, list[dict[str, Any]]] = {}
    params: dict[str, Any] = {}
    expect: tuple[ExpectedLead, ...]
    known_gap: bool = False


class RuleTests(_Strict):
    """A rule's test file: shared tables and params, then its cases."""

    rule: str
    params: dict[str, Any] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    cases: tuple[RuleTestCase, ...] = Field(min_length=1)


@dataclass(frozen=True)
class CaseResult:
    """One case's outcome; ``passed`` already accounts for known gaps."""

    rule: str
    case: str
    passed: bool
    known_gap: bool
    message: str = ""


def symbol_id(symbol: str) -> str:
    """The synthetic identifier a test symbol stands for (stable, checksum-valid).

    >>> symbol_id("@A") == symbol_id("@A") != symbol_id("@B")
    True
    """
    digest = int(hashlib.sha256(symbol.encode("utf-8")).hexdigest(), 16)
    if symbol.startswith("@org."):
        body = f"91510104{digest % 10**9:09d}"
        return body + uscc_check(body)
    born = dt.date(1960, 1, 1) + dt.timedelta(days=digest % 15000)
    body = f"510104{born:%Y%m%d}{digest % 1000:03d}"
    return body + id_check(body)


def _resolve(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return symbol_id(text) if _SYMBOL.fullmatch(text) else text


def load_rule_tests(path: Path) -> RuleTests:
    """Read a rule's test file; raises RuleError naming the file."""
    try:
        return RuleTests.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RuleError(f"{path}: {exc}") from None


def _write_tables(folder: Path, tables: dict[str, list[dict]], mappings: dict[str, Mapping]):
    for table, rows in tables.items():
        if table not in mappings:
            raise RuleError(
                f"unknown table {table!r} in rule test (a table of your own needs its mapping: "
                "--mappings DIR)"
            )
        header = [spec.column for spec in mappings[table].fields.values()]
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                unknown = set(row) - set(header)
                if unknown:
                    raise RuleError(f"table {table}: unknown columns {sorted(unknown)}")
                writer.writerow([_resolve(row.get(column)) for column in header])


def _run_case(
    engine: GraphEngine,
    vocabulary: Vocabulary,
    rule: Rule,
    tests: RuleTests,
    case: RuleTestCase,
    work: Path,
) -> CaseResult:
    engine.clear()
    folder = work / re.sub(r"\W+", "_", case.name)[:60]
    folder.mkdir(parents=True, exist_ok=True)
    tables = {t: [*tests.tables.get(t, []), *case.tables.get(t, [])] for t in
              {*tests.tables, *case.tables}}  # fmt: skip
    _write_tables(folder, tables, vocabulary.mappings)
    out = RunFolder(folder / "out")
    report = load_tables(folder, engine, vocabulary, out)
    if report.totals.rejected:
        rejects = out.rejects.read_text(encoding="utf-8-sig")
        return CaseResult(
            rule.id, case.name, False, case.known_gap, f"input rows rejected:\n{rejects}"
        )
    stages = {"analysis"} if "analysis" in rule.requires else set()
    if stages:
        analyze(engine)
    run = run_rule(engine, rule, {**tests.params, **case.params}, vocabulary, stages=stages)
    if run.error:
        return CaseResult(rule.id, case.name, False, case.known_gap, run.error["en"])
    found = {(lead.persons, lead.cases) for lead in run.leads}
    expected = {
        (tuple(sorted(map(_resolve, e.persons))), tuple(sorted(map(_resolve, e.cases))))
        for e in case.expect
    }
    matches = found == expected
    message = (
        ""
        if matches
        else f"missing {sorted(expected - found)}; unexpected {sorted(found - expected)}"
    )
    if case.known_gap:
        note = "known gap now passes: remove known_gap" if matches else ""
        return CaseResult(rule.id, case.name, not matches, True, note or message)
    return CaseResult(rule.id, case.name, matches, False, message)


def run_rule_tests(engine: GraphEngine, vocabulary: Vocabulary, rule: Rule) -> Iterator[CaseResult]:
    """Run every case of the rule's test file on ``engine`` (it is cleared for each case);
    its tables may be any of ``vocabulary``'s."""
    if rule.test_path is None or not rule.test_path.is_file():
        yield CaseResult(
            rule.id, "(tests)", False, False, f"no test file beside the rule ({rule.id}.test.yaml)"
        )
        return
    tests = load_rule_tests(rule.test_path)
    if tests.rule != rule.id:
        raise RuleError(f"{rule.test_path}: tests rule {tests.rule!r}, expected {rule.id!r}")
    with tempfile.TemporaryDirectory(prefix=f"xiansuo-test-{rule.id}-") as work:
        for case in tests.cases:
            yield _run_case(engine, vocabulary, rule, tests, case, Path(work))
