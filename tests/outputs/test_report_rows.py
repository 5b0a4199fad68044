"""report.html as a supervisor reads it: Chinese texts without stray spaces, table titles in
Chinese, county names, one person's leads together."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from xiansuo.graph_loader.divisions import county_name
from xiansuo.model.lead import read_leads
from xiansuo.model.vocabulary import Vocabulary

CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


class _Text(HTMLParser):
    """The page's text nodes (not its scripts), and its lead rows' ids in order."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.leads: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self._script = tag in ("script", "style")
        if tag == "tr" and dict(attrs).get("data-lead"):
            self.leads.append(dict(attrs)["data-lead"])

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if not self._script:
            self.texts.append(data)


def _read(run) -> _Text:
    parsed = _Text()
    parsed.feed((run / "report.html").read_text(encoding="utf-8"))
    return parsed


def test_no_text_of_the_report_has_a_space_between_chinese_characters(_sample_run):
    spaced = [t for t in _read(_sample_run).texts if re.search(rf"{CJK} +{CJK}", t)]
    assert spaced == []


def test_the_load_table_names_each_table_by_its_chinese_title(_sample_run):
    html = (_sample_run / "report.html").read_text(encoding="utf-8")
    table = html[html.index('<table id="load">') : html.index("</table>", html.index('id="load"'))]
    titles = re.findall(r"<tr><td>([^<]+)</td>", table)
    vocabulary = Vocabulary.load()
    assert titles and set(titles) <= {m.title for m in vocabulary.mappings.values()}


def test_summaries_name_the_counties_they_list(_sample_run):
    text = "".join(_read(_sample_run).texts)
    leads = [x for x in read_leads(_sample_run / "leads.jsonl") if x.rule == "multi_region_suspect"]
    assert leads
    for lead in leads:
        for code in lead.details["regions"]:
            name = county_name(code)
            assert name is not None and f"{name}（{code}）" in text


def test_one_persons_leads_come_together(_sample_run):
    order = _read(_sample_run).leads
    position = {lead_id: i for i, lead_id in enumerate(order)}
    by_person: dict[str, list[int]] = {}
    for lead in read_leads(_sample_run / "leads.jsonl"):
        if len(lead.persons) == 1 and lead.lead_id in position:
            by_person.setdefault(lead.persons[0], []).append(position[lead.lead_id])
    several = [sorted(places) for places in by_person.values() if len(places) > 1]
    assert several  # the sample has people with leads of several rules
    for places in several:
        assert places == list(range(places[0], places[0] + len(places)))
