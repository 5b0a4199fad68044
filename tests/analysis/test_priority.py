"""Lead priority: ordering by severity and network, the words that explain it, the file."""

from __future__ import annotations

import json

from small_graphs import X, Y, Z, case, load, party

from xiansuo.analysis.analyze import analyze
from xiansuo.analysis.priority import Network, prioritise, score, write
from xiansuo.model.lead import Lead
from xiansuo.pipeline.rule_tests import symbol_id

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
