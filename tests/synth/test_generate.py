"""xiansuo.synth: valid identifiers, planted leads and decoys, dirty mode, determinism.

The eight models are re-derived here straight from the clean CSVs (plain Python written
from CONTRACT.md), independently of the generator. Assertions compare counts, never
identifiers or names, so a failure prints no personal data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections import Counter, defaultdict
from itertools import groupby
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

from xiansuo.graph_loader import resident_id, uscc
from xiansuo.graph_loader.case_number import canonical_case_number, court_region
from xiansuo.graph_loader.dates import canonical_date
from xiansuo.graph_loader.names import canonical_name
from xiansuo.model.errors import ValueRejected
from xiansuo.synth import generate
from xiansuo.synth.generator import MIN_PERSONS
from xiansuo.synth.identity import MATCHES
from xiansuo.synth.mess import COPIES, COSMETIC, IDENTITY, REJECTS
from xiansuo.synth.plant import RULES
from xiansuo.synth.regions import court_name
from xiansuo.synth.tables import HEADERS, ID_COLUMNS, NAME_COLUMNS

PERSONS = 1500
SEED = 20250630


@pytest.fixture(scope="module")
def clean_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    generate(out, PERSONS, SEED)
    return out


@pytest.fixture(scope="module")
def dirty_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dirty")
    generate(out, PERSONS, SEED, dirty=True)
    return out


@pytest.fixture(scope="module")
def planted(clean_dir: Path) -> dict:
    return json.loads((clean_dir / "planted.json").read_text(encoding="utf-8"))


def read_rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


Lead = tuple[tuple[str, ...], tuple[str, ...]]


def derive_leads(folder: Path, as_of: str) -> dict[str, set[Lead]]:
    """Every lead of the built-in models on a clean data set: (sorted persons, sorted cases)."""
    today = dt.date.fromisoformat(as_of)
    date = dt.date.fromisoformat
    cases = {r["案号"]: r for r in read_rows(folder, "criminal_cases")}
    parties = read_rows(folder, "case_parties")
    corrections = read_rows(folder, "community_corrections")
    completions = read_rows(folder, "enforcement_completions")
    leads: dict[str, set[Lead]] = defaultdict(set)

    def region(case: str) -> str:
        return cases[case]["区划代码"] or court_region(case)

    def add(rule: str, persons: list[str], key_cases: list[str]) -> None:
        leads[rule].add((tuple(sorted(persons)), tuple(sorted(key_cases))))

    accused = [r for r in parties if r["角色"] in ("犯罪嫌疑人", "被告人")]
    convictions = [
        r
        for r in parties
        if r["角色"] == "被告人"
        and r["主刑"] in ("有期徒刑", "拘役", "管制")
        and cases[r["案号"]]["判决生效日期"]
    ]
    for a in convictions:
        effective = date(cases[a["案号"]]["判决生效日期"])
        for b in parties:
            judged = cases[b["案号"]]["判决日期"]
            if (
                b["身份证号"] == a["身份证号"]
                and b["角色"] == "被告人"
                and judged
                and date(judged) > effective
                and region(b["案号"]) != region(a["案号"])
                and b["认定前科"] != "是"
            ):
                add("cross_region_prior_missed", [a["身份证号"]], [a["案号"], b["案号"]])

    by_person: dict[str, set[str]] = defaultdict(set)
    for r in accused:
        by_person[r["身份证号"]].add(r["案号"])
    for person, own in by_person.items():
        if len({region(c) for c in own}) >= 2:
            add("multi_region_suspect", [person], list(own))

    covering: dict[str, list[dt.date]] = defaultdict(list)
    for c in completions:
        for case in {c["执行案号"], c["原执行案号"]} - {""}:
            covering[case].append(date(c["履行完毕日期"]))
    disclosures = read_rows(folder, "terminated_disclosures")
    for d in disclosures:
        if d["公开状态"] == "已公开" and any(
            done >= date(d["终本日期"]) for done in covering[d["执行案号"]]
        ):
            add("terminated_disclosure_not_withdrawn", [d["被执行人证件号"]], [d["执行案号"]])
    for x in read_rows(folder, "dishonest_list"):
        if x["状态"] == "有效" and any(
            done <= today - dt.timedelta(days=3) for done in covering[x["执行案号"]]
        ):
            add("dishonest_not_removed", [x["被执行人证件号"]], [x["执行案号"]])
    statuses: dict[str, list[str]] = defaultdict(list)
    for d in disclosures:
        statuses[d["执行案号"]].append(d["公开状态"])
    for e in read_rows(folder, "enforcement_cases"):
        case = e["执行案号"]
        if (
            e["结案方式"] == "终结本次执行程序"
            and not covering[case]
            and all(s == "未公开" for s in statuses[case])
        ):
            add("terminated_not_disclosed", [e["被执行人证件号"]], [case])

    support = defaultdict(list)
    for r in read_rows(folder, "low_income"):
        support[r["身份证号"]].append(r)
    for v in parties:
        if v["角色"] != "被害人" or v["赔偿情况"] not in ("未赔偿", "部分赔偿"):
            continue
        filed = date(cases[v["案号"]]["立案日期"])
        for period in support[v["身份证号"]]:
            end = period["保障终止日期"]
            if date(period["保障起始日期"]) <= today and (not end or date(end) >= filed):
                add("judicial_aid_candidate", [v["身份证号"]], [v["案号"]])

    records = defaultdict(list)
    for k in corrections:
        records[k["身份证号"]].append(k)
    for r in parties:
        effective = cases[r["案号"]]["判决生效日期"]
        if r["角色"] != "被告人" or not (r["是否缓刑"] == "是" or r["主刑"] == "管制"):
            continue
        if not effective or date(effective) + dt.timedelta(days=10) > today:
            continue
        start, stop = date(effective), date(effective) + dt.timedelta(days=60)
        if not any(
            k["判决案号"] == r["案号"] or start <= date(k["矫正开始日期"]) <= stop
            for k in records[r["身份证号"]]
        ):
            add("correction_intake_missing", [r["身份证号"]], [r["案号"]])

    for r in accused:
        filed = date(cases[r["案号"]]["立案日期"])
        for k in records[r["身份证号"]]:
            end = date(k["矫正结束日期"]) if k["矫正结束日期"] else today
            if (
                k["状态"] != "收监执行"
                and date(k["矫正开始日期"]) <= filed <= end
                and k["判决案号"] != r["案号"]
            ):
                add("reoffense_during_correction", [r["身份证号"]], [r["案号"]])

    # multi_region_gang on connected groups of co-offenders (Louvain may split a loose
    # random group, never a planted one: those are whole components of their own).
    network = nx.Graph()
    for case, rows in groupby(sorted(accused, key=lambda r: r["案号"]), key=lambda r: r["案号"]):
        network.add_edges_from((case, r["身份证号"]) for r in rows)
    for group in nx.connected_components(network):
        members = [n for n in group if n not in cases]
        own = [n for n in group if n in cases]
        counties = {region(c) for c in own if not region(c).endswith("00")}
        if len(members) >= 3 and len(counties) >= 3:
            add("multi_region_gang", members, own)
    return leads


CASE_NUMBER = re.compile(r"\((\d{4})\)川(\d{2}|\d{4})(刑初|刑终|执|执恢)[1-9]\d*号")
ROLES = {"犯罪嫌疑人", "被告人", "被害人"}


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _counties(folder: Path) -> set[str]:
    return {r["区划代码"] for r in read_rows(folder, "regions") if r["级别"] == "县"}


# --- clean data ---------------------------------------------------------------------------


def test_headers_are_the_contracts(clean_dir: Path, sample_dir: Path) -> None:
    for table, header in HEADERS.items():
        with (sample_dir / f"{table}.csv").open(encoding="utf-8-sig") as f:
            assert tuple(next(csv.reader(f))) == header, table
        with (clean_dir / f"{table}.csv").open(encoding="utf-8") as f:
            assert tuple(next(csv.reader(f))) == header, table


def test_resident_ids_and_usccs_are_valid(clean_dir: Path) -> None:
    counties = _counties(clean_dir)
    bad: Counter[str] = Counter()
    seen = 0
    for table, column in ID_COLUMNS.items():
        for row in read_rows(clean_dir, table):
            value = row[column]
            seen += 1
            if value.startswith("91"):
                ok = (
                    len(value) == 18
                    and value[2:8] in counties
                    and all(c in uscc.ALPHABET for c in value)
                    and uscc.check_char(value[:17]) == value[17]
                )
            else:
                born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
                ok = (
                    len(value) == 18
                    and value[:17].isdigit()
                    and value[:6] in counties
                    and dt.date(1940, 1, 1) <= born <= dt.date(2006, 12, 31)
                    and resident_id.check_char(value[:17]) == value[17]
                )
            bad[table] += not ok
    assert seen > 1000
    assert sum(bad.values()) == 0, dict(bad)


def test_sex_and_birth_match_the_id(clean_dir: Path) -> None:
    mismatches = 0
    for row in read_rows(clean_dir, "case_parties"):
        pid = row["身份证号"]
        male = int(pid[16]) % 2 == 1
        mismatches += (row["性别"] == "男") != male
        mismatches += row["出生日期"].replace("-", "") != pid[6:14]
    assert mismatches == 0


def test_case_numbers_match_their_court_and_region(clean_dir: Path, planted: dict) -> None:
    designated = set(planted["designated_jurisdiction"])
    assert designated, "the 区划代码-wins scenarios need cases tried outside their county"
    counties = _counties(clean_dir)
    wrong, intermediate, kinds = 0, 0, Counter()
    for table, key, court in (
        ("criminal_cases", "案号", "承办法院"),
        ("enforcement_cases", "执行案号", "执行法院"),
    ):
        for row in read_rows(clean_dir, table):
            number = row[key]
            match = CASE_NUMBER.fullmatch(number)
            wrong += match is None or canonical_case_number(number) != number
            region = court_region(number)
            kinds[match.group(3) if match else "?"] += 1
            intermediate += region.endswith("00")
            wrong += row[court] != court_name(int(region))
            wrong += not region.endswith("00") and region not in counties
            if number not in designated:
                wrong += row["区划代码"] not in ("", region)
            else:
                wrong += row["区划代码"] in ("", region)
    assert wrong == 0
    assert intermediate > 0
    assert {"刑初", "刑终", "执", "执恢"} <= set(kinds)


def test_dates_and_sentences_are_plausible(clean_dir: Path, planted: dict) -> None:
    as_of = _date(planted["as_of"])
    cases = {r["案号"]: r for r in read_rows(clean_dir, "criminal_cases")}
    odd = 0
    for c in cases.values():
        filed, judged, effective = c["立案日期"], c["判决日期"], c["判决生效日期"]
        if judged:
            odd += not _date(filed) < _date(judged)
        if effective:
            odd += not 10 <= (_date(effective) - _date(judged)).days <= 20
    terms = {"有期徒刑": (6, 180), "拘役": (1, 6), "管制": (3, 24)}
    for p in read_rows(clean_dir, "case_parties"):
        judged = bool(cases[p["案号"]]["判决日期"])
        odd += p["角色"] not in ROLES
        odd += p["角色"] == "犯罪嫌疑人" and judged
        if p["角色"] == "被告人" and p["主刑"] in terms:
            low, high = terms[p["主刑"]]
            odd += not low <= int(p["刑期月数"]) <= high
            if p["是否缓刑"] == "是":
                odd += int(p["缓刑考验期月数"]) < max(int(p["刑期月数"]), 2)
    for e in read_rows(clean_dir, "enforcement_cases"):
        odd += bool(e["结案日期"]) and _date(e["结案日期"]) < _date(e["立案日期"])
        odd += bool(e["结案日期"]) != bool(e["结案方式"])
    for k in read_rows(clean_dir, "community_corrections"):
        odd += bool(k["矫正结束日期"]) and _date(k["矫正结束日期"]) < _date(k["矫正开始日期"])
        odd += k["状态"] == "解矫" and _date(k["矫正结束日期"]) >= as_of
    for x in read_rows(clean_dir, "dishonest_list"):
        odd += bool(x["屏蔽日期"]) and _date(x["屏蔽日期"]) < _date(x["纳入日期"])
    assert odd == 0


def test_same_name_strangers(clean_dir: Path, planted: dict) -> None:
    ids_by_name: dict[str, set[str]] = defaultdict(set)
    name_of: dict[str, str] = {}
    for table, column in ID_COLUMNS.items():
        name_column = "姓名" if "姓名" in HEADERS[table] else "被执行人"
        if name_column not in HEADERS[table]:
            continue
        for row in read_rows(clean_dir, table):
            if not row[column].startswith("91"):
                ids_by_name[row[name_column]].add(row[column])
                name_of[row[column]] = row[name_column]
    shared = sum(1 for ids in ids_by_name.values() if len(ids) > 1)
    assert shared >= 3 * PERSONS // 1000
    pairs = planted["same_name_pairs"]
    assert len(pairs) >= 3 * (PERSONS - 200) // 1000
    assert all(a != b and name_of[a] == name_of[b] for a, b in pairs)


def test_every_model_has_planted_leads_and_decoys(planted: dict) -> None:
    for rule in RULES:
        assert len(planted["planted"][rule]) >= 3, rule
        assert len(planted["decoys"][rule]) >= 3, rule
        for item in planted["planted"][rule] + planted["decoys"][rule]:
            assert item["persons"] and item["cases"] and item["why"]


def test_planted_leads_hold_and_decoys_do_not(clean_dir: Path, planted: dict) -> None:
    """Re-derive all eight models from the CSVs: every planted lead is found, no decoy
    person is in a lead of its model, and nothing undeclared is found about planted people."""
    leads = derive_leads(clean_dir, planted["as_of"])
    missing = Counter()
    for rule, items in planted["planted"].items():
        for item in items:
            key = (tuple(sorted(item["persons"])), tuple(sorted(item["cases"])))
            missing[rule] += key not in leads[rule]
    assert sum(missing.values()) == 0, dict(missing)

    hit = Counter()
    for rule, items in planted["decoys"].items():
        for item in items:
            people = set(item["persons"])
            hit[rule] += any(people & set(persons) for persons, _ in leads[rule])
    assert sum(hit.values()) == 0, dict(hit)

    reserved = {
        p for part in ("planted", "decoys") for items in planted[part].values()
        for item in items for p in item["persons"]
    }  # fmt: skip
    declared = {
        (rule, tuple(sorted(i["persons"])), tuple(sorted(i["cases"])))
        for rule, items in planted["planted"].items()
        for i in items
    }
    undeclared = Counter(
        rule
        for rule, found in leads.items()
        for persons, cases in found
        if reserved & set(persons) and (rule, persons, cases) not in declared
    )
    assert sum(undeclared.values()) == 0, dict(undeclared)
    # Random data produces leads of its own, as real data does.
    assert sum(len(v) for v in leads.values()) > len(declared)


def test_terminated_disclosure_boundary_by_hand(clean_dir: Path, planted: dict) -> None:
    """The 终本 day itself counts, the day before does not (completion vs 终本日期)."""
    terminated = {
        r["执行案号"]: r["终本日期"] for r in read_rows(clean_dir, "terminated_disclosures")
    }
    done: dict[str, list[str]] = defaultdict(list)
    for c in read_rows(clean_dir, "enforcement_completions"):
        done[c["执行案号"]].append(c["履行完毕日期"])
    rule = "terminated_disclosure_not_withdrawn"
    same_day = [i for i in planted["planted"][rule] if "itself" in i["why"]]
    day_before = [i for i in planted["decoys"][rule] if "day before" in i["why"]]
    assert same_day and day_before
    for item in same_day:
        (case,) = item["cases"]
        assert terminated[case] in done[case]
    for item in day_before:
        (case,) = item["cases"]
        before = (_date(terminated[case]) - dt.timedelta(days=1)).isoformat()
        assert done[case] == [before]


def test_as_of_boundaries_by_hand(clean_dir: Path, planted: dict) -> None:
    as_of = _date(planted["as_of"])
    completions = {
        c["执行案号"]: _date(c["履行完毕日期"])
        for c in read_rows(clean_dir, "enforcement_completions")
    }
    grace = {i["why"]: completions[i["cases"][0]] for i in planted["planted"]["dishonest_not_removed"]
             + planted["decoys"]["dishonest_not_removed"] if "days before as_of" in i["why"]}  # fmt: skip
    assert sorted((as_of - d).days for d in grace.values()) == [2, 3]
    cases = {r["案号"]: r for r in read_rows(clean_dir, "criminal_cases")}
    rule = "correction_intake_missing"
    gaps = {
        (as_of - _date(cases[i["cases"][0]]["判决生效日期"])).days
        for i in planted["planted"][rule] + planted["decoys"][rule]
        if "before as_of" in i["why"]
    }
    assert gaps == {9, 10}


def test_too_few_persons_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, MIN_PERSONS - 1, 1)


def test_deterministic(tmp_path: Path, clean_dir: Path, dirty_dir: Path) -> None:
    for folder, dirty in ((clean_dir, False), (dirty_dir, True)):
        again = tmp_path / f"again-{dirty}"
        generate(again, PERSONS, SEED, dirty=dirty)
        files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
        differing = [f for f in files if (folder / f).read_bytes() != (again / f).read_bytes()]
        assert differing == []
    other = tmp_path / "other-seed"
    generate(other, PERSONS, SEED + 1)
    assert (other / "case_parties.csv").read_bytes() != (
        clean_dir / "case_parties.csv"
    ).read_bytes()


# --- dirty data ---------------------------------------------------------------------------

_CODECS = {"utf-8": "utf-8", "utf-8 with BOM": "utf-8-sig", "gb18030": "gb18030"}


def _read_dirty(folder: Path, planted: dict, table: str) -> list[list[str]]:
    """All rows of a dirty table, header first, cells as text."""
    spec = planted["files"][table]
    path = folder / spec["file"]
    if spec["encoding"] == "xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        width = len(HEADERS[table])
        rows = []
        for values in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in values]
            rows.append(cells + [""] * (width - len(cells)))
        return rows
    text = path.read_bytes().decode(_CODECS[spec["encoding"]])
    return list(csv.reader(io.StringIO(text)))


def _truth(folder: Path, table: str) -> list[dict[str, str]]:
    return read_rows(folder / "row_truth", table)


@pytest.fixture(scope="module")
def dirty_planted(dirty_dir: Path) -> dict:
    return json.loads((dirty_dir / "planted.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dirty_tables(dirty_dir: Path, dirty_planted: dict) -> dict[str, list[tuple[list[str], dict]]]:
    """Per table, every dirty row (cells) with its row_truth line."""
    out = {}
    for table, header in HEADERS.items():
        rows = _read_dirty(dirty_dir, dirty_planted, table)
        assert tuple(rows[0]) == header
        truth = _truth(dirty_dir, table)
        assert [int(t["row"]) for t in truth] == list(range(2, len(rows) + 1)), table
        out[table] = list(zip(rows[1:], truth, strict=True))
    return out


def _compact(cell: str) -> str:
    return "".join(unicodedata.normalize("NFKC", cell).split()).upper()


def _valid_resident(cell: str) -> str | None:
    text = _compact(cell)
    if text.startswith("91"):
        return None
    try:
        return resident_id.canonical_resident_id(text)
    except ValueRejected:
        return None


@pytest.fixture(scope="module")
def known_ids(dirty_tables: dict) -> dict[str, set[str]]:
    """Name → the valid resident IDs written under it in the rows that load or merge."""
    known: dict[str, set[str]] = defaultdict(set)
    for table, name_column in NAME_COLUMNS.items():
        header = HEADERS[table]
        i, j = header.index(ID_COLUMNS[table]), header.index(name_column)
        for row, t in dirty_tables[table]:
            valid = _valid_resident(row[i]) if t["expect"] != "reject" else None
            if valid:
                known[canonical_name(row[j])].add(valid)
    return known


def _one_edit(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    i, j = [*diff, -1, -1][:2]
    return len(diff) == 1 or (len(diff) == 2 and j == i + 1 and (a[i], a[j]) == (b[j], b[i]))


def _resolve(table: str, row: list[str], known: dict[str, set[str]]) -> tuple[str, str]:
    """(match, person) by the resolution rule, written here from its text: a valid ID is
    the person; an invalid resident ID the one same-name valid ID one edit away agreeing
    with 出生日期 and 性别; an empty one the one same-name valid ID with that birth date."""
    cells = dict(zip(HEADERS[table], row, strict=True))
    text = _compact(cells[ID_COLUMNS[table]])
    same = known.get(canonical_name(cells.get(NAME_COLUMNS.get(table, ""), "")), set())
    try:
        born = canonical_date(cells.get("出生日期", "")).replace("-", "")
    except ValueRejected:
        born = ""
    sex = cells.get("性别", "")
    if not text:
        found = [p for p in same if born and p[6:14] == born]
        return ("name_birth", found[0]) if len(found) == 1 else ("unresolved", "")
    valid = _valid_resident(text)
    if valid:
        return ("id15" if len(text) == 15 else "exact"), valid
    if text.startswith("91"):
        return "exact", uscc.canonical_uscc(text)
    found = [
        p
        for p in same
        if _one_edit(text, p)
        and (not born or p[6:14] == born)
        and (not sex or (int(p[16]) % 2 == 1) == (sex == "男"))
    ]
    return ("id_typo", found[0]) if len(found) == 1 else ("unresolved", "")


def _normalise(
    table: str, header: tuple[str, ...], row: list[str], party: str | None = None
) -> tuple[str, ...]:
    """What a correct loader makes of a loadable row (raises ValueRejected otherwise);
    ``party``, when given, is who resolution found the row's party to be."""
    out = []
    for column, value in zip(header, row, strict=True):
        if party is not None and column == ID_COLUMNS.get(table):
            value = party
        elif value.strip() == "":
            value = ""
        elif column in ("身份证号", "被执行人证件号"):
            compact = "".join(value.split())
            is_org = compact.startswith(("91", "９１"))
            value = (uscc.canonical_uscc if is_org else resident_id.canonical_resident_id)(value)
        elif column.endswith("案号"):
            value = canonical_case_number(value)
        elif column.endswith("日期"):
            value = canonical_date(value)
        elif column in ("姓名", "被执行人", "申请执行人"):
            value = canonical_name(value)
        out.append(value)
    if table in ("criminal_cases", "enforcement_cases") and not out[3]:
        out[3] = court_region(out[0])
    return tuple(out)


def _resolved(table: str, row: list[str], known: dict[str, set[str]]) -> tuple[str, ...]:
    """The row normalised with its party resolved; an unresolved party stays its own
    record under the ID as written."""
    if table not in ID_COLUMNS:
        return _normalise(table, HEADERS[table], row)
    match, person = _resolve(table, row, known)
    if match == "unresolved":
        person = _compact(row[HEADERS[table].index(ID_COLUMNS[table])])
    return _normalise(table, HEADERS[table], row, person)


def test_dirty_loads_back_to_the_clean_records(
    clean_dir: Path, dirty_tables: dict, known_ids: dict
) -> None:
    """Same seed: the loadable dirty rows, normalised and resolved, are the clean rows in
    the same order (a party nobody can resolve is still about its true person)."""
    for table, header in HEADERS.items():
        clean = [tuple(r.values()) for r in read_rows(clean_dir, table)]
        loaded = []
        for row, t in dirty_tables[table]:
            if t["expect"] != "load":
                continue
            party = None
            if table in ID_COLUMNS:
                match, person = _resolve(table, row, known_ids)
                party = t["person"] if match == "unresolved" else person
            loaded.append(_normalise(table, header, row, party))
        assert len(loaded) == len(clean), table
        expected = [_normalise(table, header, list(r)) for r in clean]
        assert sum(a != b for a, b in zip(loaded, expected, strict=True)) == 0, table
        if table in ID_COLUMNS:
            people = [t["person"] for _, t in dirty_tables[table] if t["expect"] == "load"]
            column = header.index(ID_COLUMNS[table])
            assert sum(p != e[column] for p, e in zip(people, expected, strict=True)) == 0


def test_dirty_has_every_kind_of_mess(dirty_tables: dict) -> None:
    kinds = Counter()
    for rows in dirty_tables.values():
        for _, t in rows:
            kinds.update(k for k in t["mess"].split(";") if k)
    expected = {k.name for group in COSMETIC for k in group} | set(REJECTS)
    expected |= set(COPIES) | set(IDENTITY) | {"region_blank"}
    assert expected <= set(kinds)


_MATCH_OF = {
    "id_typo": "id_typo",
    "id_wrong_digit": "id_typo",
    "id_missing": "name_birth",
    "id_typo_lonely": "unresolved",
    "id15": "id15",
}


def test_dirty_matches_follow_the_resolution_rule(dirty_tables: dict, known_ids: dict) -> None:
    """row_truth's match is what the rule gives on the written cells, and whoever the rule
    finds is the row's true person."""
    wrong, seen = Counter(), Counter()
    for table, rows in dirty_tables.items():
        for row, t in rows:
            if table not in ID_COLUMNS:
                wrong["match without a party"] += t["match"] != ""
                continue
            match, person = _resolve(table, row, known_ids)
            seen[match] += 1
            wrong[table] += match != t["match"]
            wrong["found a stranger"] += match != "unresolved" and person != t["person"]
            for kind in set(t["mess"].split(";")) & set(_MATCH_OF):
                wrong[kind] += t["match"] != _MATCH_OF[kind]
    assert sum(wrong.values()) == 0, dict(wrong)
    assert all(seen[m] > 0 for m in MATCHES), dict(seen)


def test_dirty_identity_messes(dirty_tables: dict) -> None:
    """Typos break the checksum one edit away from the true ID; missing IDs leave the birth
    date; a lonely typo's person has no valid ID anywhere else; all rows still load."""
    valid_anywhere: Counter[str] = Counter()
    for table, column in ID_COLUMNS.items():
        i = HEADERS[table].index(column)
        valid_anywhere.update(_valid_resident(row[i]) for row, _ in dirty_tables[table])
    wrong, kinds = Counter(), Counter()
    for table, column in ID_COLUMNS.items():
        i = HEADERS[table].index(column)
        for row, t in dirty_tables[table]:
            mess = set(t["mess"].split(";"))
            for kind in mess & {*IDENTITY, "id_wrong_digit"}:
                kinds[(table, kind)] += 1
                cell = _compact(row[i])
                wrong[kind] += t["expect"] != ("duplicate" if kind == "id_wrong_digit" else "load")
                if kind == "id_missing":
                    wrong[kind] += cell != "" or row[HEADERS[table].index("出生日期")] == ""
                    continue
                wrong[kind] += resident_id.is_resident_id(cell) or not _one_edit(cell, t["person"])
                if kind == "id_typo_lonely":
                    wrong[kind] += valid_anywhere[t["person"]] != 0
    assert sum(wrong.values()) == 0, dict(wrong)
    for table in NAME_COLUMNS:
        assert kinds[(table, "id_typo")] > 0, table
        assert kinds[(table, "id_wrong_digit")] > 0, table
    assert kinds[("case_parties", "id_missing")] > 0
    assert sum(v for (_, kind), v in kinds.items() if kind == "id_typo_lonely") > 0
    # Completions name nobody: a wrong ID there could never be resolved.
    assert not any(kinds[("enforcement_completions", kind)] for kind in IDENTITY)


def test_dirty_typos_reach_planted_decoy_and_same_name_persons(
    dirty_tables: dict, dirty_planted: dict, known_ids: dict
) -> None:
    """A missed merge must cost planted leads; a same-name stranger (even one born the same
    day) must never be taken for the person."""
    reserved = {
        part: {p for items in dirty_planted[part].values() for i in items for p in i["persons"]}
        for part in ("planted", "decoys")
    }
    hit: Counter[str] = Counter()
    for table, name_column in NAME_COLUMNS.items():
        j = HEADERS[table].index(name_column)
        for row, t in dirty_tables[table]:
            if "id_typo" not in t["mess"].split(";"):
                continue
            hit["planted"] += t["person"] in reserved["planted"]
            hit["decoys"] += t["person"] in reserved["decoys"]
            others = known_ids[canonical_name(row[j])] - {t["person"]}
            hit["stranger"] += bool(others)
            hit["stranger born the same day"] += any(p[6:14] == t["person"][6:14] for p in others)
    assert all(hit[k] >= 3 for k in ("planted", "decoys", "stranger")), dict(hit)
    assert hit["stranger born the same day"] > 0, dict(hit)


def test_dirty_leads_are_the_clean_leads_once_resolved(
    tmp_path: Path, clean_dir: Path, dirty_tables: dict, known_ids: dict, planted: dict
) -> None:
    """A correct resolver turns the dirty rows into records that yield exactly the clean
    leads (lonely typos stay unresolved without costing any lead)."""
    for table, header in HEADERS.items():
        with (tmp_path / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(header)
            for row, t in dirty_tables[table]:
                if t["expect"] == "load":
                    out.writerow(_resolved(table, row, known_ids))
    dirty = derive_leads(tmp_path, planted["as_of"])
    clean = derive_leads(clean_dir, planted["as_of"])
    assert set(dirty) == set(clean)
    differ = {rule: len(dirty[rule] ^ clean[rule]) for rule in clean}
    assert sum(differ.values()) == 0, differ


def test_dirty_duplicates_and_rejects(dirty_tables: dict, known_ids: dict) -> None:
    wrong = Counter()
    fates = Counter()
    for table, header in HEADERS.items():
        seen: set[tuple[str, ...]] = set()
        records: set[tuple[str, ...]] = set()
        for row, t in dirty_tables[table]:
            key = tuple(row)
            fates[t["expect"]] += 1
            if t["expect"] == "duplicate" and t["mess"] == "id_wrong_digit":
                # Resolved, it repeats the record of the row it copies.
                wrong["id_wrong_digit"] += _resolved(table, row, known_ids) not in records
            elif t["expect"] == "duplicate":
                wrong["duplicate"] += key not in seen
            elif t["expect"] == "reject":
                mess = t["mess"]
                wrong[mess] += mess not in REJECTS
                try:
                    _normalise(table, header, row)
                    spoiled = mess == "key_empty" and all(row[i] == "" for i in _key_indices(table))
                    spoiled |= mess == "role_unknown" and row[1] not in ROLES
                except ValueRejected:
                    spoiled = mess == "date_impossible"
                wrong[mess] += not spoiled
            else:
                wrong["load twice"] += key in seen
                records.add(_resolved(table, row, known_ids))
            seen.add(key)
    assert sum(wrong.values()) == 0, dict(wrong)
    assert fates["duplicate"] > 0 and fates["reject"] > 0


def _key_indices(table: str) -> list[int]:
    """A key_empty row of a person's period names nobody: neither ID nor name."""
    if table in ("low_income", "community_corrections"):
        return [HEADERS[table].index("身份证号"), HEADERS[table].index("姓名")]
    return [0]


def test_dirty_cosmetic_forms(dirty_dir: Path, dirty_planted: dict) -> None:
    """Spot checks that each cosmetic mess looks like what the contract describes."""
    looks = {
        "id15": lambda cell: len(cell) == 15 and cell.isdigit(),
        "id_fullwidth": lambda cell: any("０" <= c <= "９" for c in cell),
        "id_lower_x": lambda cell: cell.endswith("x"),
        "id_space": lambda cell: cell != cell.strip() or " " in cell,
    }
    wrong = 0
    for table, column in ID_COLUMNS.items():
        index = HEADERS[table].index(column)
        rows = _read_dirty(dirty_dir, dirty_planted, table)[1:]
        for row, t in zip(rows, _truth(dirty_dir, table), strict=True):
            for kind in t["mess"].split(";"):
                if kind in looks:
                    wrong += not looks[kind](row[index])
                if kind == "id15":
                    wrong += t["person"][6:8] != "19"
    assert wrong == 0


def test_dirty_encodings(dirty_dir: Path) -> None:
    assert (dirty_dir / "enforcement_cases.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    gbk = (dirty_dir / "criminal_cases.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert gbk.decode("gbk").splitlines()[0] == ",".join(HEADERS["criminal_cases"])
    assert not (dirty_dir / "low_income.csv").exists()
    sheet = openpyxl.load_workbook(dirty_dir / "low_income.xlsx", read_only=True).worksheets[0]
    assert next(sheet.iter_rows(values_only=True)) == HEADERS["low_income"]
    plain = (dirty_dir / "case_parties.csv").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf")
    plain.decode("utf-8")
