"""Lead priority: ordering by severity and network, the words that explain it, the file."""

from __future__ import annotations

import json

from small_graphs import X, Y, Z, case, load, party

from xiansuo.analysis.analyze import analyze
from xiansuo.analysis.priority import Network, prioritise, score, score_facts, write
from xiansuo.model.lead import Lead
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.pipeline.rule_tests import symbol_id
from xiansuo.pipeline.stages import rule_rankings
from xiansuo.queries.rule import load_rules

LONE = Network()
TRIO = Network(size=3, regions=3, betweenness=1)


def test_severity_orders_leads_with_the_same_network():
    order = ["low", "medium", "high", "critical"]
    scores = [score(severity, TRIO).score for severity in order]
    assert scores == sorted(scores) and len(set(scores)) == 4


def test_a_bigger_wider_or_more_central_network_raises_a_lead():
    assert score("medium", LONE).score < score("medium", Network(3)).score
    assert score("medium", Network(3, 1)).score < score("medium", Network(3, 3)).score
    assert score("medium", Network(3, 3)).score < score("medium", Network(3, 3, 2)).score
    assert score("medium", Network(8, 1)).score < score("medium", Network(8, 4)).score


def test_the_explanation_names_the_group_and_the_broker_in_both_languages():
    why = score("high", Network(size=5, regions=4, betweenness=3))
    assert "高" in why.zh and "5人" in why.zh and "4个县区" in why.zh and "3对" in why.zh
    assert "high" in why.en and "group of 5" in why.en and "4 county regions" in why.en
    assert "broker" in why.en
    lone = score("low", LONE)
    assert "未发现共犯" in lone.zh and "no co-offenders" in lone.en
    assert "broker" not in lone.en


def _lead(lead_id: str, severity: str, *persons: str) -> Lead:
    return Lead("r", lead_id, tuple(symbol_id(p) for p in persons), ("c",), severity, "", "", "")


def test_leads_on_a_gang_rank_above_the_same_rule_on_a_lone_offender(engine, tmp_path):
    c1, c2, c3, c4 = case(1, X), case(2, Y), case(3, Z), case(4, X)
    load(engine, tmp_path, {
        "criminal_cases": [c1, c2, c3, c4],
        "case_parties": [party(c1, "@甲"), party(c1, "@乙"), party(c2, "@乙"), party(c2, "@丙"),
                         party(c3, "@丙"), party(c3, "@甲"), party(c4, "@丁")],
    })  # fmt: skip
    analyze(engine)
    leads = [_lead("gang", "medium", "@乙"), _lead("lone", "medium", "@丁"),
             _lead("grave", "critical", "@丁"), _lead("unknown", "medium", "@戊")]  # fmt: skip
    found = prioritise(engine, leads)
    assert found["gang"].score > found["lone"].score == found["unknown"].score
    assert found["grave"].score > found["gang"].score
    assert "3人" in found["gang"].zh and "3 county regions" in found["gang"].en

    write(tmp_path / "priority.json", found)
    data = json.loads((tmp_path / "priority.json").read_text(encoding="utf-8"))
    assert set(data) == {"gang", "lone", "grave", "unknown"}
    assert next(iter(data)) == "grave"  # highest first
    for entry in data.values():
        assert set(entry) == {"score", "why"} and isinstance(entry["score"], float)
        assert set(entry["why"]) == {"zh", "en"} and all(entry["why"].values())


RULES = {rule.id: rule for rule in load_rules()}
RANKINGS = rule_rankings(RULES.values(), Vocabulary.load())
AS_OF = "2025-06-30"


def _aid(lead_id: str, person: str, compensation: str, since: str) -> Lead:
    details = {"person": symbol_id(person), "name": person[1:], "case": "c",
               "compensation": compensation, "category": "城市低保", "support_start": since}  # fmt: skip
    return Lead("judicial_aid_candidate", lead_id, (symbol_id(person),), ("c",), "medium", "", "",
                "", details)  # fmt: skip


def test_judicial_aid_ranks_by_its_own_facts_not_by_a_co_offender_group(engine, tmp_path):
    c1, c2, c3 = case(1, X), case(2, Y), case(3, Z)
    # @甲, the victim of the aid lead, is also in a co-offender group of three counties.
    load(engine, tmp_path, {
        "criminal_cases": [c1, c2, c3],
        "case_parties": [party(c1, "@甲"), party(c1, "@乙"), party(c2, "@乙"), party(c2, "@丙"),
                         party(c3, "@丙"), party(c3, "@甲")],
    })  # fmt: skip
    analyze(engine)
    leads = [_aid("grouped", "@甲", "未赔偿", "2020-06-30"), _aid("lone", "@丁", "未赔偿", "2020-06-30"),
             _aid("partly", "@丁", "部分赔偿", "2020-06-30"), _aid("new", "@丁", "未赔偿", "2025-01-01")]  # fmt: skip
    found = prioritise(engine, leads, RANKINGS, AS_OF)
    # Without the declaration the group would raise the victim's lead (the old behaviour).
    assert (
        prioritise(engine, leads[:2])["grouped"].score > prioritise(engine, leads[:2])["lone"].score
    )
    assert found["grouped"] == found["lone"]
    assert "共犯" not in found["grouped"].zh and "co-offender" not in found["grouped"].en
    assert found["lone"].score > found["partly"].score and found["lone"].score > found["new"].score
    assert "赔偿情况：未赔偿" in found["lone"].zh and "距保障起始日期已5年" in found["lone"].zh
    assert "Compensation: not compensated" in found["lone"].en
    assert "Support since: 180 days ago" in found["new"].en


def test_disclosure_rules_rank_by_amount_and_time_since_completion():
    ranking = RANKINGS["terminated_disclosure_not_withdrawn"]
    small = score_facts("medium", {"unpaid": 20000, "completed_date": "2025-06-01"}, ranking, AS_OF)
    large = score_facts(
        "medium", {"unpaid": 2000000, "completed_date": "2025-06-01"}, ranking, AS_OF
    )
    old = score_facts("medium", {"unpaid": 20000, "completed_date": "2024-01-01"}, ranking, AS_OF)
    assert large.score > small.score and old.score > small.score
    assert "终本时未履行金额2,000,000元" in large.zh and "距履行完毕日期已29日" in large.zh
    assert "Unpaid at termination: 2,000,000 yuan" in large.en


def test_every_builtin_rule_declares_its_priority():
    """Offender-centred rules rank by the network, the others by their own facts."""
    offenders = {"correction_intake_missing", "cross_region_prior_missed", "multi_region_gang",
                 "multi_region_suspect", "reoffense_during_correction"}  # fmt: skip
    for rule in RULES.values():
        assert rule.path is not None
        assert "\npriority:" in rule.path.read_text(encoding="utf-8"), rule.id
        assert rule.priority.network == (rule.id in offenders), rule.id
        assert rule.priority.network or rule.priority.facts, rule.id
