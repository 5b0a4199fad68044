"""``xiansuo export --neo4j-import``: files that follow neo4j-admin's documented CSV header
format and hold the whole graph (checked here against the format; no Neo4j runs here)."""

from __future__ import annotations

import csv
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiansuo.analysis.summary import graph_summary
from xiansuo.cli import app
from xiansuo.engines.falkordb import FalkorEngine
from xiansuo.outputs.neo4j_import import ARRAY_DELIMITER, write_neo4j_import

runner = CliRunner()

# Neo4j 5 Operations Manual, "Import" → "CSV header format": the field kinds and the types a
# property column may declare (an array type ends in []).
ID_FIELD = re.compile(r"^(?P<name>[^:]*):ID\((?P<space>[A-Za-z_][A-Za-z0-9_]*)\)$")
END_FIELD = re.compile(r"^:(?P<end>START_ID|END_ID)\((?P<space>[A-Za-z_][A-Za-z0-9_]*)\)$")
PROPERTY = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(:(?P<type>[a-z]+)(?P<array>\[\])?)?$")
TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string",
         "point", "date", "localtime", "time", "localdatetime", "datetime", "duration"}  # fmt: skip
PARSE = {"long": int, "int": int, "double": float, "float": float, "string": str,
         "boolean": lambda v: {"true": True, "false": False}[v]}  # fmt: skip


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))  # neo4j-admin's defaults: , and "
    return header, rows


def _typed(field: str, value: str):
    """A property cell as neo4j-admin reads it: empty is no property, else its type."""
    match = PROPERTY.match(field)
    assert match, f"not a property field of the header format: {field!r}"
    kind = match["type"] or "string"
    assert kind in TYPES, field
    if value == "":
        return None
    if match["array"]:
        return [PARSE[kind](v) for v in value.split(ARRAY_DELIMITER)]
    return PARSE[kind](value)


@pytest.fixture(scope="module")
def exported(_sample_run, tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("export") / "neo4j"
    result = runner.invoke(app, ["export", "--out", str(_sample_run), "--neo4j-import",
                                 str(folder)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder, _sample_run / "graph" / "xiansuo.db"


def test_every_header_follows_the_documented_format(exported):
    folder, _ = exported
    for path in (folder / "nodes").glob("*.csv"):
        header, _ = _read(path)
        ids = [f for f in header if ID_FIELD.match(f)]
        assert len(ids) == 1 and ID_FIELD.match(ids[0])["space"] == path.stem
        assert header.count(":LABEL") == 1
        for field in header:
            if field not in (*ids, ":LABEL"):
                _typed(field, "")
    for path in (folder / "relationships").glob("*.csv"):
        header, _ = _read(path)
        ends = [END_FIELD.match(f) for f in header[:2]]
        assert [e["end"] for e in ends if e] == ["START_ID", "END_ID"]
        assert header[2] == ":TYPE"
        for field in header[3:]:
            _typed(field, "")


def test_the_files_hold_every_node_and_relationship_with_its_properties(exported):
    folder, graph = exported
    ids: dict[str, set[str]] = {}
    nodes: dict[str, int] = {}
    people: dict[str, dict] = {}
    for path in (folder / "nodes").glob("*.csv"):
        header, rows = _read(path)
        key = ID_FIELD.match(header[0])["name"]
        ids[path.stem] = {row[0] for row in rows}
        assert len(ids[path.stem]) == len(rows), f"{path.name}: an ID twice in its space"
        assert {row[1] for row in rows} == {path.stem}
        nodes[path.stem] = len(rows)
        if path.stem == "Person":
            for row in rows:
                props = {
                    f.split(":")[0]: _typed(f, v) for f, v in zip(header[2:], row[2:], strict=True)
                }
                people[row[0]] = {key: row[0]} | {k: v for k, v in props.items() if v is not None}
    relationships: dict[str, int] = {}
    for path in (folder / "relationships").glob("*.csv"):
        header, rows = _read(path)
        start, end = (END_FIELD.match(f)["space"] for f in header[:2])
        for row in rows:
            assert row[0] in ids[start] and row[1] in ids[end], f"{path.name}: dangling end"
            for field, value in zip(header[3:], row[3:], strict=True):
                _typed(field, value)
        rel_type = {row[2] for row in rows}.pop()
        relationships[rel_type] = relationships.get(rel_type, 0) + len(rows)
    with FalkorEngine(graph, save=False) as engine:
        summary = graph_summary(engine)
        stored = {r["p"]["id_no"]: r["p"] for r in engine.read(
            "MATCH (n:Person) RETURN properties(n) AS p")}  # fmt: skip
    assert nodes == summary["nodes"]
    assert relationships == summary["relationships"]
    assert people == stored  # every property, with its type, read back as neo4j-admin would


def test_the_command_imports_every_file_into_a_new_database(exported):
    folder, _ = exported
    script = (folder / "import.sh").read_text(encoding="utf-8").splitlines()
    command = shlex.split(script[-1])
    assert command[:4] == ["neo4j-admin", "database", "import", "full"]
    assert command[-1] == "neo4j"
    named = {a.split("=", 1)[1] for a in command if a.startswith(("--nodes=", "--relationships="))}
    on_disk = {str(p.relative_to(folder)) for p in folder.glob("*/*.csv")}
    assert named == on_disk
    assert "--array-delimiter=U+001F" in command and "--id-type=string" in command
    schema = (folder / "schema.cypher").read_text(encoding="utf-8")
    assert "FOR (n:Person) REQUIRE n.id_no IS UNIQUE;" in schema


def test_text_that_looks_like_csv_or_a_number_stays_text(engine, tmp_path):
    from xiansuo.model.vocabulary import Vocabulary

    odd = 'a "quoted", two\nlines'
    engine.write(
        "UNWIND $rows AS row CREATE (p:Person {id_no: row.id, name: row.name, "
        "gender: row.gender, src_row: row.n})",
        [{"id": "0123", "name": odd, "gender": "", "n": 7}],
    )
    files = write_neo4j_import(engine, Vocabulary.load(), tmp_path / "n")
    header, rows = _read(tmp_path / "n" / "nodes" / "Person.csv")
    assert files.nodes == {"nodes/Person.csv": 1}
    cells = dict(zip(header, rows[0], strict=True))
    assert cells["id_no:ID(Person)"] == "0123" and cells["name:string"] == odd
    assert cells["gender:string"] == "" and cells["src_row:long"] == "7"
    raw = (tmp_path / "n" / "nodes" / "Person.csv").read_text(encoding="utf-8")
    # An empty string is quoted (a property of its own), a number is not.
    assert '"Person","","a' in raw and raw.endswith('lines",7\n')


def test_a_folder_with_files_is_refused_and_a_failed_export_leaves_nothing(engine, tmp_path):
    from xiansuo.model.vocabulary import Vocabulary

    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        write_neo4j_import(engine, Vocabulary.load(), tmp_path / "full")
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep.txt"]

    class Broken:
        def read(self, *args, **kwargs):
            raise RuntimeError("the engine stopped")

    with pytest.raises(RuntimeError):
        write_neo4j_import(Broken(), Vocabulary.load(), tmp_path / "new")  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]
