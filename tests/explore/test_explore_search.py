"""One search box: names (namesakes told apart), IDs full or masked with a name, case numbers
in any bracket or spacing, organisations by name or credit code, lead ids by their start."""

from __future__ import annotations

import pytest
from explore_tools import HOSTILE_ID, HOSTILE_NAME

from xiansuo.explore.queries import explore_queries, starting
from xiansuo.explore.search import Ambiguous, NotFound
from xiansuo.model.masking import mask_id
from xiansuo.model.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def finder(served):
    return served.explorer.workspace.load().finder


def name_of(finder, id_no: str) -> str:
    (found,) = finder.search(id_no)
    return found.name


def test_a_name_finds_every_namesake_told_apart(finder, served):
    first, second = served.run.same_name
    name = name_of(finder, first)
    assert name == name_of(finder, second)

    found = [f for f in finder.search(name) if f.exact]

    assert {first, second} <= {f.id_no for f in found}
    shown = {(mask_id(f.id_no), f.born, f.county) for f in found}
    assert len(shown) == len(found)  # what may be shown tells them apart
    assert all(f.born == f.id_no[6:10] and f.county for f in found if f.kind == "person")


def test_a_masked_id_with_the_name_finds_the_one_person(finder, served):
    first, second = served.run.same_name
    name = name_of(finder, first)
    for typed in (
        f"{name} {mask_id(first)}",
        f"{mask_id(first)} {name}",
        f" {name}　{mask_id(first)} ",
    ):
        assert [f.id_no for f in finder.search(typed)] == [first]
    assert finder.party(f"{name} {mask_id(second)}").id_no == second


def test_a_masked_id_alone_finds_who_it_can_be(finder, served):
    first, _ = served.run.same_name
    assert first in {f.id_no for f in finder.search(mask_id(first))}


def test_a_full_id_finds_its_person_even_written_loosely(finder, served):
    person = served.run.gang["persons"][0]
    loose = f"{person[:6]} {person[6:14]} {person[14:].lower()}"
    assert [f.id_no for f in finder.search(loose)] == [person]
    assert finder.search(person)[0].leads  # a gang member is in a lead


def test_a_case_number_in_any_bracket_or_spacing(finder, served):
    case = served.run.gang["cases"][1]  # (2023)川1323刑初1号
    year, rest = case[1:5], case[6:]
    for typed in (case, f"（{year}）{rest}", f"〔{year}〕{rest}", f"( {year} ) {' '.join(rest)}"):
        found = finder.search(typed)
        assert [(f.kind, f.name) for f in found[:1]] == [("case", case)], typed
        assert found[0].leads


def test_an_organisation_by_name_and_by_credit_code(finder, served):
    rows = served.explorer.workspace.load().graph.read(
        "MATCH (o:Organization) RETURN o.id_no AS id, o.name AS name ORDER BY id LIMIT 1"
    )
    (organisation,) = rows
    by_code = finder.search(organisation["id"])
    assert [(f.kind, f.name) for f in by_code] == [("organization", organisation["name"])]
    by_name = finder.search(organisation["name"])
    assert organisation["id"] in {f.id_no for f in by_name if f.kind == "organization"}


def test_the_start_of_a_lead_id(finder):
    lead_id = next(iter(finder.leads))
    found = finder.search(lead_id[:6])
    assert lead_id in [f.key for f in found if f.kind == "lead"]


def test_the_beginning_of_a_name_comes_after_whole_names(finder):
    found = finder.search(HOSTILE_NAME[:4])
    assert [(f.id_no, f.exact) for f in found if f.id_no == HOSTILE_ID] == [(HOSTILE_ID, False)]
    assert finder.search(HOSTILE_NAME)[0].exact


def test_the_range_that_uses_the_index_finds_what_starts_with_finds(served):
    """FalkorDB answers STARTS WITH by scanning every node; the explorer asks for the range
    of names instead, which its index answers. Both must find the same people."""
    graph = served.explorer.workspace.load().graph
    queries = explore_queries(Vocabulary.load())
    names = {r["name"] for r in graph.read("MATCH (p:Person) RETURN p.name AS name") if r["name"]}
    for start in sorted({name[:1] for name in names} | {name[:2] for name in list(names)[:40]}):
        ranged = graph.read(queries.party_by_name_start["Person"],
                            {**starting(start), "limit": 100_000})  # fmt: skip
        scanned = graph.read(
            "MATCH (p:Person) WHERE p.name STARTS WITH $s RETURN p.id_no AS id", {"s": start}
        )
        assert {r["id"] for r in ranged} == {r["id"] for r in scanned}, start


def test_a_party_is_one_match_or_a_clear_refusal(finder, served):
    first, _ = served.run.same_name
    with pytest.raises(Ambiguous) as several:
        finder.party(name_of(finder, first))
    assert first in {f.id_no for f in several.value.found}
    with pytest.raises(NotFound):
        finder.party("查无此人")
    assert finder.party(HOSTILE_NAME).id_no == HOSTILE_ID
