"""The built-in models: their own tests, the sample's truth, planted leads and decoys."""

from __future__ import annotations

import json
import re

import pytest

from xiansuo.cli.rules import TEMPLATE
from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.model.lead import read_leads
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.pipeline.project import Project
from xiansuo.pipeline.rule_tests import load_rule_tests, run_rule_tests
from xiansuo.pipeline.stages import analysis_stage, load_stage, rules_stage
from xiansuo.queries.rule import load_rule, load_rules
from xiansuo.synth import generate

RULES = load_rules()
VOCABULARY = Vocabulary.load()
CONTRACT_MODELS = {
    "cross_region_prior_missed", "multi_region_suspect", "terminated_disclosure_not_withdrawn",
    "dishonest_not_removed", "terminated_not_disclosed", "judicial_aid_candidate",
    "correction_intake_missing", "reoffense_during_correction",
}  # fmt: skip
NETWORK_MODELS = {"multi_region_gang"}  # need `xiansuo analyze` first


def _key(persons, cases) -> tuple:
    return tuple(sorted(persons)), tuple(sorted(cases))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    with FalkorEngine(tmp_path_factory.mktemp("rules") / "scratch.db") as engine:
        yield engine


def test_the_contract_and_network_models_are_built_in():
    assert {rule.id for rule in RULES} == CONTRACT_MODELS | NETWORK_MODELS
    assert {rule.id for rule in RULES if "analysis" in rule.requires} == NETWORK_MODELS


@pytest.mark.parametrize("rule", [*RULES, load_rule(TEMPLATE)], ids=lambda r: r.id)
def test_rule_passes_its_own_tests(scratch, rule):
    results = list(run_rule_tests(scratch, VOCABULARY, rule))
    failures = [f"{r.case}: {r.message}" for r in results if not r.passed]
    assert failures == []
    tests = load_rule_tests(rule.test_path)
    assert any(case.expect for case in tests.cases), "needs a case that must match"
    assert any(not case.expect for case in tests.cases), "needs a near miss that must not"


def _leads(project: Project, engine, data, as_of: str):
    """Load ``data``, analyse it and run every rule into the project's run folder."""
    load_stage(project, engine, data)
    analysis_stage(project, engine)
    return rules_stage(project, engine, RULES, {"as_of": as_of}, stages={"analysis"})


def test_sample_gives_exactly_the_truth(sample_dir, truth, engine, tmp_path):
    project = Project(VOCABULARY, run=Project.open(tmp_path).run)
    runs = _leads(project, engine, sample_dir, truth["as_of"])
    assert [r.error for r in runs if r.error] == []

    leads = read_leads(project.run.leads)
    for rule_id, expected in truth["rules"].items():
        found = {_key(lead.persons, lead.cases) for lead in leads if lead.rule == rule_id}
        assert found == {_key(lead["persons"], lead["cases"]) for lead in expected}, rule_id
    assert len({lead.lead_id for lead in leads}) == len(leads)
    assert all(lead.summary and lead.severity for lead in leads)


@pytest.mark.parametrize("dirty", [False, True], ids=["clean", "dirty"])
def test_planted_leads_are_found_and_decoys_are_not(tmp_path, dirty):
    data = tmp_path / "data"
    generate(data, persons=3000, seed=5, dirty=dirty)
    planted = json.loads((data / "planted.json").read_text(encoding="utf-8"))
    with FalkorEngine(tmp_path / "g.db") as engine:
        runs = _leads(Project.open(tmp_path), engine, data, planted["as_of"])
    for run in runs:
        found = {_key(lead.persons, lead.cases) for lead in run.leads}
        must = {_key(lead["persons"], lead["cases"]) for lead in planted["planted"][run.rule.id]}
        must_not = {_key(lead["persons"], lead["cases"]) for lead in planted["decoys"][run.rule.id]}
        assert must, run.rule.id
        assert must - found == set(), run.rule.id
        assert must_not & found == set(), run.rule.id


def test_lead_ids_are_stable_across_runs(sample_dir, truth, tmp_path):
    ids = []
    for attempt in ("first", "second"):
        project = Project.open(tmp_path / attempt)
        with FalkorEngine(tmp_path / attempt / "g.db") as engine:
            _leads(project, engine, sample_dir, truth["as_of"])
        leads = read_leads(project.run.leads)
        ids.append(sorted(lead.lead_id for lead in leads if lead.rule in truth["rules"]))
    assert ids[0] == ids[1]
    assert len(ids[0]) == sum(len(v) for v in truth["rules"].values())


def test_dirty_data_gives_the_leads_of_clean_data(tmp_path):
    """Entity resolution's purpose: the same leads whatever the mess (≥ 0.98 per rule)."""
    leads = {}
    for kind in ("clean", "dirty"):
        data = tmp_path / kind
        generate(data, persons=5000, seed=13, dirty=kind == "dirty")
        as_of = json.loads((data / "planted.json").read_text(encoding="utf-8"))["as_of"]
        with FalkorEngine(tmp_path / f"{kind}.db") as engine:
            runs = _leads(Project.open(tmp_path / f"{kind}-out"), engine, data, as_of)
        # The same lead is the same lead_id: what the register follows from run to run.
        leads[kind] = {r.rule.id: {x.lead_id for x in r.leads} for r in runs}
    for rule_id, clean in leads["clean"].items():
        dirty = leads["dirty"][rule_id]
        assert clean, rule_id
        recall, precision = len(clean & dirty) / len(clean), len(clean & dirty) / len(dirty)
        assert recall >= 0.98 and precision >= 0.98, (rule_id, recall, precision)


def _chinese_texts(rule) -> list[str]:
    texts = [rule.title.zh, rule.description.zh, rule.lead.summary.zh]
    texts += [p.description.zh for p in rule.parameters.values()]
    return [*texts, *rule.references, *rule.falsepositives, *rule.returns.values()]


@pytest.mark.parametrize("rule", [*RULES, load_rule(TEMPLATE)], ids=lambda r: r.id)
def test_chinese_texts_have_no_spaces_between_characters(rule):
    """A YAML line folded inside a Chinese sentence must not leave a space in it."""
    cjk = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
    spaced = [t for t in _chinese_texts(rule) if re.search(rf"{cjk}\s+{cjk}", t)]
    assert spaced == []
