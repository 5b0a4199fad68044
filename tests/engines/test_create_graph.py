"""Building a graph at once (``create_graph``): every value as it was given, every
relationship between the right nodes, over several batches, and the key indexes."""

from __future__ import annotations

from xiansuo.engines import NewRelationships, NodeKey
from xiansuo.engines.falkordb import CREATE_BATCH

PERSON, CASE = NodeKey("Person", "id_no"), NodeKey("Case", "case_no")
AWKWARD = ["back\\slash \\n", "say \"x\" and 'y'", "第一行\n第二行\t", "  spaced  ", "`tick`", ""]


def test_values_and_ends_survive_a_build_of_several_batches(engine):
    count = CREATE_BATCH * 2 + 7
    people = [{"id_no": f"P{i:06d}", "n": i, "score": i / 4, "flag": i % 2 == 0,
               "name": AWKWARD[i % len(AWKWARD)]} for i in range(count)]  # fmt: skip
    cases = [{"case_no": f"C{i}", "tags": ["a", "b"]} for i in range(3)]
    # Every person in case C(i mod 3), with the awkward text on the relationship.
    links = [(p["id_no"], f"C{i % 3}", {"role": AWKWARD[i % len(AWKWARD)], "i": i})
             for i, p in enumerate(people)]  # fmt: skip
    links.append(("P000001", "C0", {}))  # a relationship without properties
    engine.create_graph({PERSON: people, CASE: cases},
                        [NewRelationships("PARTY_IN", PERSON, CASE, links)], [PERSON, CASE])  # fmt: skip

    stored = {r["p"]["id_no"]: r["p"] for r in engine.read(
        "MATCH (p:Person) RETURN properties(p) AS p")}  # fmt: skip
    assert stored == {p["id_no"]: p for p in people}
    rows = engine.read("MATCH (p:Person)-[r:PARTY_IN]->(c:Case) "
                       "RETURN p.id_no AS p, c.case_no AS c, properties(r) AS r")  # fmt: skip
    assert sorted((r["p"], r["c"], sorted(r["r"].items())) for r in rows) == sorted(
        (s, e, sorted(props.items())) for s, e, props in links
    )
    assert engine.read("MATCH (c:Case {case_no: 'C2'}) RETURN c.tags AS t") == [{"t": ["a", "b"]}]
    indexed = engine.read("CALL db.indexes() YIELD label, status RETURN label, status")
    assert sorted(indexed, key=str) == [
        {"label": "Case", "status": "OPERATIONAL"}, {"label": "Person", "status": "OPERATIONAL"},
    ]  # fmt: skip
    plan = "\n".join(engine._graph.explain("MATCH (p:Person {id_no: 'P000003'}) RETURN p").plan)
    assert "Index" in plan
