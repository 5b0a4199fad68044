"""Entity resolution: strong keys, ID typos, missing IDs, organisations, judgements, evidence."""

from __future__ import annotations

import csv

import pytest
from graph_loader.tables import synthetic_id, write_table

from xiansuo.graph_loader import load_tables
from xiansuo.graph_loader.judgements import Judgement, Judgements
from xiansuo.graph_loader.resolve import ORGANISATION, PARTY, PERSON, Mention, PartyIndex, Resolver
from xiansuo.graph_loader.uscc import check_char as uscc_check
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

ZHANG = synthetic_id(born="19800101", seq=123)  # 男 (odd sequence)
ZHANG_2 = synthetic_id(born="19800101", seq=125)  # a same-name stranger, born the same day
LI = synthetic_id(region="511802", born="19900305", seq=457)


def _typo(valid: str, position: int = 15) -> str:
    return valid[:position] + str((int(valid[position]) + 1) % 10) + valid[position + 1 :]


def _swap(valid: str, position: int = 14) -> str:
    return valid[:position] + valid[position + 1] + valid[position] + valid[position + 2 :]


def _uscc(body: str) -> str:
    return body + uscc_check(body)


ACME = _uscc("91510104MA6C12345")


def _resolver(*mentions: tuple[str, str, str], judgements: Judgements | None = None):
    """A resolver that has seen these mentions (valid ones become candidates)."""
    resolver = Resolver(PartyIndex())
    for raw, name, kind in mentions:
        resolver.resolve(Mention(raw, name), kind)
    resolver.judgements = judgements or Judgements()
    return resolver


def test_mentions_needing_every_identifier_wait_until_the_end():
    resolver = _resolver((ZHANG, "张三", PERSON))
    assert resolver.resolve(Mention(_typo(ZHANG), "张三"), PERSON, final=False) is None
    assert resolver.resolve(Mention("", "张三", "1980-01-01"), PERSON, final=False) is None
    assert resolver.resolve(Mention(ZHANG, "张三"), PERSON, final=False).key == ZHANG


@pytest.mark.parametrize(
    ("claimed", "mention", "key", "match"),
    [
        (ZHANG, {}, ZHANG, "exact"),
        (ZHANG[:6] + ZHANG[8:17], {}, ZHANG, "id15"),
        (_typo(ZHANG), {"name": "张三"}, ZHANG, "id_typo"),
        (_swap(LI), {"name": "李四"}, LI, "id_typo"),
        (_typo(ZHANG), {"name": "张三", "gender": "女"}, None, "unresolved"),
        (_typo(ZHANG), {"name": "张三", "birth_date": "1980-01-02"}, None, "unresolved"),
        (_typo(ZHANG), {"name": "王五"}, None, "unresolved"),
        ("", {"name": "李四", "birth_date": "1990-03-05"}, LI, "name_birth"),
        ("", {"name": "李四"}, None, "unresolved"),
    ],
    ids=[
        "valid", "legacy-15", "digit-typo", "transposition", "gender-contradicts",
        "birth-contradicts", "other-name", "name-and-birth", "name-alone",
    ],
)  # fmt: skip
def test_person_mentions(claimed, mention, key, match):
    resolver = _resolver((ZHANG, "张三", PERSON), (LI, "李四", PERSON))
    resolution = resolver.resolve(Mention(claimed, **mention), PERSON)
    assert (resolution.key, resolution.match) == (key, match)
    assert resolution.label == ("Person" if key else "UnresolvedParty")


def test_two_valid_ids_are_never_merged_and_a_typo_between_them_is_ambiguous():
    resolver = _resolver((ZHANG, "张三", PERSON), (ZHANG_2, "张三", PERSON))
    assert resolver.resolve(Mention(ZHANG, "张三"), PERSON).key == ZHANG
    assert resolver.resolve(Mention(ZHANG_2, "张三"), PERSON).key == ZHANG_2
    # ZHANG's body with ZHANG_2's sequence digit: one edit from each, so never guessed.
    assert ZHANG[17] != ZHANG_2[17]
    between = ZHANG[:16] + ZHANG_2[16] + ZHANG[17]
    resolution = resolver.resolve(Mention(between, "张三"), PERSON)
    assert resolution.key is None
    assert resolution.candidates == tuple(sorted((ZHANG, ZHANG_2)))
    missing = resolver.resolve(Mention("", "张三", "1980-01-01"), PERSON)
    assert missing.key is None and len(missing.candidates) == 2


def test_organisations_by_uscc_then_by_unique_name():
    digits_only = _uscc("91510104000000000")
    resolver = _resolver((ACME, "某某有限公司", ORGANISATION))
    assert resolver.resolve(Mention(ACME.lower()), PARTY).key == ACME
    assert resolver.resolve(Mention(digits_only), PARTY).label == "Organization"
    by_name = resolver.resolve(Mention(_typo(ACME, 10), "某某有限公司"), PARTY)
    assert (by_name.key, by_name.match) == (ACME, "org_name")
    assert resolver.resolve(Mention("", "别的公司"), PARTY).key is None


def test_judgements_override_the_rules():
    judgements = Judgements()
    typo = _typo(ZHANG)
    judgements.add(Judgement(typo, "张三", ZHANG, "not_same", "检察官甲", "2025-07-01", "核对原件"))
    judgements.add(Judgement(ZHANG, "张三", ZHANG, "not_same", "检察官甲", "2025-07-01", "冒用"))
    judgements.add(Judgement("", "李四", LI, "same", "检察官乙", "2025-07-02", "户籍核实"))
    resolver = _resolver((ZHANG, "张三", PERSON), judgements=judgements)
    assert resolver.resolve(Mention(typo, "张三"), PERSON).key is None
    assert resolver.resolve(Mention(ZHANG, "张三"), PERSON).key is None
    decided = resolver.resolve(Mention("", "李四"), PERSON)
    assert (decided.key, decided.match) == (LI, "judgement")


def _party(case: str, role: str, name: str, id_no: str, gender: str = "男") -> list[str]:
    return [case, role, name, id_no, gender, "", "有期徒刑", "12", "否", "", "否", ""]


CASE = "(2023)川1802刑初1号"


@pytest.fixture
def mentions(tmp_path):
    data = tmp_path / "data"
    write_table(data, "criminal_cases", [[CASE, "盗窃罪", "", "511802", "2023-01-01", "", ""]])
    write_table(data, "case_parties", [
        _party(CASE, "被告人", "张三", ZHANG),
        _party(CASE, "被害人", "张 三", _typo(ZHANG)),
        _party(CASE, "被害人", "王五", _typo(LI)),
        _party(CASE, "被害人", "李四", "", "女"),
    ])  # fmt: skip
    write_table(data, "low_income", [["李四", LI, "511802", "城市低保", "2020-01-01", ""]],
                header=["姓名", "身份证号", "区划代码", "保障类别", "保障起始日期", "保障终止日期"])  # fmt: skip
    return data


def test_loaded_records_link_to_their_person_with_evidence(mentions, engine, tmp_path):
    report = load_tables(mentions, engine, Vocabulary.load(), RunFolder(tmp_path / "out"))

    assert report.tables["case_parties"].loaded == 4
    assert dict(report.tables["case_parties"].matches) == {
        "exact": 1, "id_typo": 1, "unresolved": 2,
    }  # fmt: skip
    links = engine.read(
        "MATCH (p)-[r:PARTY_IN]->(:Case) RETURN labels(p)[0] AS label, p.id_no AS person, "
        "r.role AS role, r.match AS match, r.claimed_id AS claimed, r.src_row AS row"
    )
    by_row = {link.pop("row"): link for link in links}
    assert by_row[2] == {"label": "Person", "person": ZHANG, "role": "被告人", "match": "exact",
                         "claimed": None}  # fmt: skip
    assert by_row[3] == {"label": "Person", "person": ZHANG, "role": "被害人", "match": "id_typo",
                         "claimed": _typo(ZHANG)}  # fmt: skip
    assert by_row[4]["label"] == by_row[5]["label"] == "UnresolvedParty"
    assert by_row[4]["person"] != by_row[5]["person"]  # each unresolved record stands alone


def test_the_review_lists_what_was_not_resolved(mentions, engine, tmp_path):
    load_tables(mentions, engine, Vocabulary.load(), RunFolder(tmp_path / "out"))
    with (tmp_path / "out" / "resolution_review.csv").open(encoding="utf-8-sig") as handle:
        review = list(csv.DictReader(handle))
    unresolved = {(r["row"], r["name"]) for r in review if r["kind"] == "unresolved"}
    assert unresolved == {("4", "王五"), ("5", "李四")}
    assert all("*" in r["claimed_id"] for r in review if r["claimed_id"])  # masked


def test_a_judgements_file_is_honoured_by_the_next_load(mentions, engine, tmp_path):
    run = RunFolder(tmp_path / "out")
    Judgements.append(
        run.judgements, Judgement("", "李四", LI, "same", "检察官乙", "2025-07-02", "户籍核实")
    )
    load_tables(mentions, engine, Vocabulary.load(), run)
    rows = engine.read(
        "MATCH (p:Person {id_no: $li})-[r:PARTY_IN]->() RETURN r.match AS match", {"li": LI}
    )
    assert rows == [{"match": "judgement"}]
