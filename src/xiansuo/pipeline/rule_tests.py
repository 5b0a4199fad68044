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
from dataclasses import dataclass, field
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
from xiansuo.model.masking import mask_ids
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.texts import LANGS, both
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.facts import QueryFacts
from xiansuo.queries.rule import TEST_SUFFIX, Rule, RuleError
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
    """One case's outcome; ``passed`` already accounts for known gaps. ``message`` says what
    differs, in every language, with the test's own ``@甲`` symbols for ID numbers."""

    rule: str
    case: str
    passed: bool
    known_gap: bool
    message: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return self.message.get(lang, "")


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
            raise _CaseError(both("test.unknown_table", table=table))
        header = [spec.column for spec in mappings[table].fields.values()]
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                unknown = set(row) - set(header)
                if unknown:
                    columns = ", ".join(sorted(map(str, unknown)))
                    raise _CaseError(both("test.unknown_columns", table=table, columns=columns))
                writer.writerow([_resolve(row.get(column)) for column in header])


class _CaseError(Exception):
    """A case that cannot run as written (an unknown table or column)."""

    def __init__(self, message: dict[str, str]) -> None:
        super().__init__(message["en"])
        self.message = message


def _symbols(tests: RuleTests) -> dict[str, str]:
    """Each synthetic identifier of the test file → the symbol it was written as."""
    found: dict[str, str] = {}

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                visit(item)
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)
        elif isinstance(value, str) and _SYMBOL.fullmatch(value):
            found[symbol_id(value)] = value

    visit(tests.model_dump())
    return found


Key = tuple[tuple[str, ...], tuple[str, ...]]


def _difference(
    expected: set[Key],
    found: dict[Key, dict[str, Any]],
    symbols: dict[str, str],
    columns: list[str],
) -> dict[str, str]:
    """What differs between the leads expected and found, in words: leads that share their
    persons (or cases) are one lead whose other column differs."""

    def shown(values: tuple[str, ...] | str) -> str:
        items = [values] if isinstance(values, str) else list(values)
        return ", ".join(symbols.get(v, mask_ids(v)) for v in items) or "-"

    def value(cell: Any) -> str:
        if isinstance(cell, list):
            return f"[{shown(tuple(str(item) for item in cell))}]"
        return shown("" if cell is None else str(cell))

    missing, unexpected = sorted(expected - set(found)), sorted(set(found) - expected)
    lines: list[dict[str, str]] = []
    for persons, cases in missing:
        twin = next((u for u in unexpected if u[0] == persons or u[1] == cases), None)
        if twin is None:
            lines.append(both("test.missing", persons=shown(persons), cases=shown(cases)))
            continue
        unexpected.remove(twin)
        if twin[0] == persons:
            lines.append(both("test.cases_differ", persons=shown(persons),
                              expected=shown(cases), found=shown(twin[1])))  # fmt: skip
        else:
            lines.append(both("test.persons_differ", cases=shown(cases),
                              expected=shown(persons), found=shown(twin[0])))  # fmt: skip
    for persons, cases in unexpected:
        returned = found[persons, cases]
        row = ", ".join(f"{k}={value(returned.get(k))}" for k in columns)
        lines.append(both("test.unexpected", persons=shown(persons), cases=shown(cases), row=row))
    return {lang: "; ".join(line[lang] for line in lines) for lang in LANGS}


def _run_case(
    engine: GraphEngine,
    vocabulary: Vocabulary,
    rule: Rule,
    tests: RuleTests,
    case: RuleTestCase,
    work: Path,
    facts: QueryFacts | None,
) -> CaseResult:
    engine.clear()
    folder = work / re.sub(r"\W+", "_", case.name)[:60]
    folder.mkdir(parents=True, exist_ok=True)
    tables = {t: [*tests.tables.get(t, []), *case.tables.get(t, [])] for t in
              {*tests.tables, *case.tables}}  # fmt: skip
    try:
        _write_tables(folder, tables, vocabulary.mappings)
    except _CaseError as exc:
        return CaseResult(rule.id, case.name, False, case.known_gap, exc.message)
    out = RunFolder(folder / "out")
    report = load_tables(folder, engine, vocabulary, out)
    if report.totals.rejected:
        rejects = out.rejects.read_text(encoding="utf-8-sig")
        return CaseResult(
            rule.id, case.name, False, case.known_gap, both("test.rejected", rejects=rejects)
        )
    stages = {"analysis"} if "analysis" in rule.requires else set()
    if stages:
        analyze(engine)
    # A table a case leaves out is an empty table on purpose: the rule runs all the same.
    run = run_rule(engine, rule, {**tests.params, **case.params}, vocabulary, stages=stages,
                   facts=facts)  # fmt: skip
    if run.error:
        return CaseResult(rule.id, case.name, False, case.known_gap, run.error)
    found = {(lead.persons, lead.cases): lead.details for lead in run.leads}
    expected = {
        (tuple(sorted(map(_resolve, e.persons))), tuple(sorted(map(_resolve, e.cases))))
        for e in case.expect
    }
    matches = set(found) == expected
    message = {} if matches else _difference(expected, found, _symbols(tests), list(rule.returns))
    if case.known_gap:
        note = both("test.known_gap_passes") if matches else message
        return CaseResult(rule.id, case.name, not matches, True, note)
    return CaseResult(rule.id, case.name, matches, False, message)


def run_rule_tests(
    engine: GraphEngine, vocabulary: Vocabulary, rule: Rule, *, facts: QueryFacts | None = None
) -> Iterator[CaseResult]:
    """Run every case of the rule's test file on ``engine`` (it is cleared for each case);
    its tables may be any of ``vocabulary``'s. ``facts`` are Neo4j's parse of the query
    (for the safety check). A test file that does not load is one failed result."""
    if rule.test_path is None or not rule.test_path.is_file():
        yield CaseResult(
            rule.id, "(tests)", False, False, both("test.no_file", file=rule.id + TEST_SUFFIX)
        )
        return
    try:
        tests = load_rule_tests(rule.test_path)
    except RuleError as exc:
        yield CaseResult(rule.id, "(tests)", False, False, both("test.broken", detail=str(exc)))
        return
    if tests.rule != rule.id:
        message = both("test.wrong_rule", path=str(rule.test_path), tested=tests.rule, rule=rule.id)
        yield CaseResult(rule.id, "(tests)", False, False, message)
        return
    with tempfile.TemporaryDirectory(prefix=f"xiansuo-test-{rule.id}-") as work:
        for case in tests.cases:
            yield _run_case(engine, vocabulary, rule, tests, case, Path(work), facts)
