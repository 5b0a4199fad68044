"""What Neo4j's parser reads of a query (the bundle's facts), for the checks to use."""

from __future__ import annotations

import functools

from xiansuo.queries.facts import Column, QueryFacts
from xiansuo.queries.lint import CypherText, read_cypher

QUERIES = {
    "pattern": (
        "MATCH (p:Person)-[r:PARTY_IN {role: '被告人'}]->(c:Case)\n"
        "WHERE r.penalty = '罚金' AND c.kind IN ['a', 'b'] AND 3 < r.sentence_months\n"
        "  AND coalesce(r.probation, '') <> '是' AND c.filed_date <= date($as_of)\n"
        "WITH p, c LIMIT 5\n"
        "RETURN p.id_no AS person, count(*), p.name ORDER BY person SKIP 1"
    ),
    "writes": (
        "MATCH (n) SET n.x = 1;\nCALL db.labels() YIELD label\n"
        "LOAD CSV FROM 'file:///x' AS row CREATE (m) RETURN *"
    ),
    "union": "MATCH (n) WHERE n:Person RETURN n.id_no AS a UNION MATCH (m:Case) RETURN m.case_no AS a",
    "command": "CREATE INDEX FOR (n:Person) ON (n.id_no)",
    "broken": "MATCH (n:Person RETURN n",
    "words": "MATCH (n:Person) RETURN n.name AS set, 'CREATE' AS word // DELETE",
    "escaped": "MATCH (`the person`:Person) RETURN `the person`.id_no AS `个人`",
}


@functools.cache
def facts() -> dict[str, QueryFacts]:
    texts = [CypherText(key, text, {"as_of": "STRING"}) for key, text in QUERIES.items()]
    return {reading.query_id: reading.facts for reading in read_cypher(texts, lint=False)}


def at(key: str, needle: str, nth: int = 0) -> int:
    """The offset of the nth ``needle`` in the query (the independent oracle)."""
    offset = -1
    for _ in range(nth + 1):
        offset = QUERIES[key].index(needle, offset + 1)
    return offset


def test_clauses_that_write_or_read_files_and_calls_with_positions():
    found = facts()["writes"]
    assert [(u.name, u.at) for u in found.updates] == [
        ("SET", at("writes", "SET")),
        ("LOAD CSV", at("writes", "LOAD CSV")),
        ("CREATE", at("writes", "CREATE")),
    ]
    assert [(c.name, c.at) for c in found.procedures] == [("db.labels", at("writes", "CALL"))]
    assert found.statements == (0, at("writes", "CALL")) and found.parsed_cleanly
    assert [(c.name, c.at) for c in facts()["command"].commands] == [("CREATE INDEX", 0)]


def test_words_in_literals_aliases_and_comments_are_no_clauses():
    found = facts()["words"]
    assert found.updates == () and found.returns is not None
    assert [c.name for c in found.returns.columns] == ["set", "word"]


def test_the_final_return_columns_parameters_and_limits():
    found = facts()["pattern"]
    assert found.returns is not None and not found.returns.star
    assert found.returns.columns == (
        Column("person", at("pattern", "p.id_no"), True),
        Column("count(*)", at("pattern", "count(*)"), False),
        Column("p.name", at("pattern", "p.name"), False),
    )
    assert [(p.name, p.at) for p in found.parameters] == [("as_of", at("pattern", "$as_of"))]
    assert [(u.name, u.at) for u in found.limits] == [
        ("LIMIT", at("pattern", "LIMIT")),
        ("SKIP", at("pattern", "SKIP")),
    ]
    assert [c.name for c in facts()["union"].returns.columns] == ["a"]  # the last part's
    assert facts()["writes"].returns.star


def test_labels_and_properties_by_variable():
    found = facts()["pattern"]
    assert [(u.name, u.kind, u.variable) for u in found.labels] == [
        ("Person", "node", "p"), ("PARTY_IN", "relationship", "r"), ("Case", "node", "c"),
    ]  # fmt: skip
    assert found.owners("r") == ("PARTY_IN",) and found.kind_of("c") == "node"
    assert ("PARTY_IN", "role", at("pattern", "role")) in list(found.uses())
    assert ("Case", "filed_date", at("pattern", "filed_date")) in list(found.uses())
    union = facts()["union"]
    assert [(u.name, u.kind, u.variable) for u in union.labels] == [
        ("Person", "either", "n"), ("Case", "node", "m"),
    ]  # fmt: skip
    escaped = facts()["escaped"]
    assert escaped.owners("the person") == ("Person",)
    assert [c.name for c in escaped.returns.columns] == ["个人"]


def test_comparisons_of_a_property_with_a_value():
    found = {(c.variable, c.property): c for c in facts()["pattern"].comparisons}
    role = found["r", "role"]  # a key of the pattern's map
    assert (role.op, role.other.kind, role.other.values, role.labels) == (
        "=", "literal", ("被告人",), ("PARTY_IN",),
    )  # fmt: skip
    penalty = found["r", "penalty"]
    assert (penalty.op, penalty.other.values, penalty.other.at) == (
        "=", ("罚金",), at("pattern", "'罚金'"),
    )  # fmt: skip
    assert (found["c", "kind"].op, found["c", "kind"].other.values) == ("IN", ("a", "b"))
    months = found["r", "sentence_months"]  # `3 < r.x` is read as `r.x > 3`
    assert (months.op, months.other.values) == (">", (3,))
    probation = found["r", "probation"]
    assert (probation.op, probation.wrapped, probation.other.values) == ("<>", "coalesce", ("是",))
    filed = found["c", "filed_date"]
    assert (filed.op, filed.other.kind, filed.other.name) == ("<=", "function", "date")


def test_a_query_the_parser_must_recover_from_says_so():
    assert not facts()["broken"].parsed_cleanly
