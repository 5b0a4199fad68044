"""Mapping files: the built-ins validate, users add tables without Python, errors are named."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_loader.tables import synthetic_id, write_table

from xiansuo.graph_loader import load_tables
from xiansuo.graph_loader.uscc import check_char as uscc_check
from xiansuo.model.errors import InputError
from xiansuo.model.mapping import load_mapping
from xiansuo.model.run_folder import RunFolder
from xiansuo.model.vocabulary import Vocabulary

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "mappings"
CONTRACT_TABLES = {
    "regions", "criminal_cases", "case_parties", "enforcement_cases", "terminated_disclosures",
    "dishonest_list", "enforcement_completions", "low_income", "community_corrections",
}  # fmt: skip


def test_builtin_mappings_cover_the_contract_tables():
    assert set(Vocabulary.load().mappings) == CONTRACT_TABLES


def test_a_user_mapping_adds_a_table_without_python(tmp_path, engine):
    uscc = "91510104MA6C" + "12345"
    uscc += uscc_check(uscc)
    person = synthetic_id()
    header = ["统一社会信用代码", "企业名称", "法定代表人", "法定代表人身份证号"]
    write_table(
        tmp_path / "data",
        "company_officers",
        [[uscc, "某某有限公司", "张三", person]],
        header=header,
    )

    mappings = Vocabulary.load([EXAMPLES])
    report = load_tables(tmp_path / "data", engine, mappings, RunFolder(tmp_path / "out"))

    assert report.tables["company_officers"].loaded == 1
    rows = engine.read(
        "MATCH (p:Person)-[r:LEGAL_REPRESENTATIVE_OF]->(o:Organization) "
        "RETURN p.id_no AS person, o.id_no AS org, r.src_table AS src"
    )
    assert rows == [{"person": person, "org": uscc, "src": "company_officers"}]


def _write_mapping(folder: Path, table: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_FIELDS = "fields:\n  code: {column: 代码, type: text, required: true}\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "table: t\ntitle: x\n"
            + GOOD_FIELDS
            + "nodes:\n  n: {label: 'X) DETACH DELETE (m', key: {code: code}}\nrecord: n\n",
            "not a plain identifier",
        ),
        (
            "table: t\ntitle: x\n"
            + GOOD_FIELDS
            + "nodes:\n  n: {label: X, key: {code: nope}}\nrecord: n\n",
            "unknown field 'nope'",
        ),
        (
            "table: other\ntitle: x\n"
            + GOOD_FIELDS
            + "nodes:\n  n: {label: X, key: {code: code}}\nrecord: n\n",
            "must equal the file stem",
        ),
        (
            "table: t\ntitle: x\n"
            + GOOD_FIELDS
            + "nodes:\n  n: {label: X, key: {code: code}, colour: red}\nrecord: n\n",
            "colour",
        ),
        (
            "table: t\ntitle: x\n"
            + GOOD_FIELDS
            + "nodes:\n  n: {label: X, key: {code: code}}\nrecord: m\n",
            "record 'm'",
        ),
    ],
    ids=["injected-label", "unknown-field", "table-name", "unknown-key", "unknown-record"],
)
def test_bad_mappings_are_refused_with_the_file_and_reason(tmp_path, body, message):
    path = _write_mapping(tmp_path, "t", body)
    with pytest.raises(InputError, match=message) as error:
        load_mapping(path)
    assert str(path) in str(error.value)
