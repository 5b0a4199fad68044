"""The graph as ``neo4j-admin database import full`` files: node and relationship CSVs.

How a Neo4j deployment loads millions of rows: a new database is built offline from CSV
files whose headers say what each column is (Neo4j 5 Operations Manual, "Import", "CSV
header format"): ``id_no:ID(Person)`` is the node's identifier in the ID space of its label
(and stored as the property ``id_no``), ``:LABEL`` its label, ``:START_ID(Person)`` and
``:END_ID(Case)`` a relationship's ends in those ID spaces, ``:TYPE`` its type, and every
other column ``name:type`` a property (``long``, ``double``, ``boolean``, ``string``, or an
array of one of them). A cell left empty sets no property; strings are always quoted, so an
empty string stays one. ``import.sh`` beside the files is the command to run, and
``schema.cypher`` the uniqueness constraints to create afterwards (the import makes none).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import shlex
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xiansuo.engines import GraphEngine, NodeKey
from xiansuo.engines.neo4j import constraint_statement
from xiansuo.model.files import atomic_open, atomic_write
from xiansuo.model.vocabulary import Vocabulary

__all__ = [
    "ARRAY_DELIMITER", "ImportFiles", "column_type", "import_command", "write_neo4j_import",
]  # fmt: skip

# Between array elements in one cell: a control character no source value contains (the
# default ';' does occur in text). Passed to neo4j-admin as U+001F.
ARRAY_DELIMITER = "\x1f"
NODES = "nodes"
RELATIONSHIPS = "relationships"

LABELS_OF_TYPE = (
    "MATCH (a)-[:{type}]->(b) RETURN DISTINCT labels(a)[0] AS start, labels(b)[0] AS end"
)
NODES_OF_LABEL = "MATCH (n:{label}) RETURN properties(n) AS p"
RELATIONSHIPS_OF = (
    "MATCH (a:{start})-[r:{type}]->(b:{end}) "
    "RETURN a.{start_key} AS s, b.{end_key} AS e, properties(r) AS p"
)


@dataclass
class ImportFiles:
    """What was written: each file with its label or type and rows, and the command."""

    folder: Path
    nodes: dict[str, int] = field(default_factory=dict)  # file name → rows
    relationships: dict[str, int] = field(default_factory=dict)
    command: list[str] = field(default_factory=list)


def column_type(values: Iterable[Any]) -> str:
    """The import type of a column from its values (None: no property on that row).

    >>> column_type([1, None, 2]), column_type([1, 2.5]), column_type(["a", 1])
    ('long', 'double', 'string')
    >>> column_type([True, False]), column_type([["a"], []]), column_type([None])
    ('boolean', 'string[]', 'string')
    """
    kinds = {_kind(v) for v in values if v is not None}
    if not kinds:
        return "string"
    if len(kinds) == 1:
        return kinds.pop()
    if kinds <= {"long", "double"}:
        return "double"
    if kinds <= {"long[]", "double[]"}:
        return "double[]"
    return "string[]" if all(k.endswith("[]") for k in kinds) else "string"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list):
        inner = column_type(value)
        return f"{inner}[]" if inner in ("long", "double", "boolean") else "string[]"
    return "string"


def _cell(value: Any, kind: str) -> str | int | float | None:
    """One cell: numbers as they are (unquoted), everything else as text (quoted); None
    leaves it empty."""
    if value is None:
        return None
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(str(_cell(v, kind[:-2])) for v in value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("long", "double"):
        return value
    return value if isinstance(value, str) else str(value)


def _write(path: Path, header: Sequence[str], kinds: Sequence[str], rows: Iterable[list]) -> int:
    """One CSV file: strings quoted (an empty one stays a string), empty cells not."""
    count = 0
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(header) + "\n")
        out = csv.writer(handle, quoting=csv.QUOTE_STRINGS, lineterminator="\n")
        for values in rows:
            out.writerow([_cell(v, k) for v, k in zip(values, kinds, strict=True)])
            count += 1
    return count


def _properties(rows: list[dict[str, Any]], leave: Sequence[str] = ()) -> dict[str, str]:
    """Every property name of the rows (but ``leave``) with its import type, sorted."""
    names = sorted({name for row in rows for name in row} - set(leave))
    return {name: column_type(row.get(name) for row in rows) for name in names}


def _write_nodes(engine: GraphEngine, folder: Path, key: NodeKey) -> tuple[str, int]:
    found = [r["p"] for r in engine.read(NODES_OF_LABEL.format(label=key.label))]
    props = _properties(found, leave=[key.property])
    name = f"{NODES}/{key.label}.csv"
    header = [f"{key.property}:ID({key.label})", ":LABEL", *(f"{p}:{t}" for p, t in props.items())]
    rows = ([row[key.property], key.label, *(row.get(p) for p in props)] for row in found)
    return name, _write(folder / name, header, ["string", "string", *props.values()], rows)


def _write_relationships(
    engine: GraphEngine, folder: Path, rel_type: str, start: NodeKey, end: NodeKey
) -> tuple[str, int]:
    query = RELATIONSHIPS_OF.format(start=start.label, type=rel_type, end=end.label,
                                    start_key=start.property, end_key=end.property)  # fmt: skip
    found = engine.read(query)
    props = _properties([r["p"] for r in found])
    name = f"{RELATIONSHIPS}/{rel_type}-{start.label}-{end.label}.csv"
    header = [f":START_ID({start.label})", f":END_ID({end.label})", ":TYPE",
              *(f"{p}:{t}" for p, t in props.items())]  # fmt: skip
    rows = ([r["s"], r["e"], rel_type, *(r["p"].get(p) for p in props)] for r in found)
    kinds = ["string", "string", "string", *props.values()]
    return name, _write(folder / name, header, kinds, rows)


def import_command(files: ImportFiles, database: str) -> list[str]:
    """``neo4j-admin database import full`` of these files into a new ``database``."""
    return [
        "neo4j-admin", "database", "import", "full",
        *(f"--nodes={name}" for name in files.nodes),
        *(f"--relationships={name}" for name in files.relationships),
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        "--multiline-fields=true", "--id-type=string", "--overwrite-destination=false",
        database,
    ]  # fmt: skip


def write_neo4j_import(
    engine: GraphEngine, vocabulary: Vocabulary, folder: Path, *, database: str = "neo4j"
) -> ImportFiles:
    """Write every node label and relationship type of the graph into ``folder`` (which must
    not exist yet, or be empty), with ``import.sh`` (run it in ``folder``) and
    ``schema.cypher``. The files are written beside it first and put in place whole."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(errno.EEXIST, "not an empty folder", str(folder))
    building = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(building, ignore_errors=True)
    try:
        files = _write_all(engine, vocabulary, building, database)
        with contextlib.suppress(FileNotFoundError):
            folder.rmdir()
        os.replace(building, folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    files.folder = folder
    return files


def _write_all(
    engine: GraphEngine, vocabulary: Vocabulary, folder: Path, database: str
) -> ImportFiles:
    for part in (NODES, RELATIONSHIPS):
        (folder / part).mkdir(parents=True)
    folder.chmod(0o700)  # the files hold every identifier unmasked, as the graph does
    files = ImportFiles(folder)
    keys = {key.label: key for key in vocabulary.node_keys}
    for key in keys.values():
        name, count = _write_nodes(engine, folder, key)
        if count:
            files.nodes[name] = count
        else:
            (folder / name).unlink()
    for rel_type in vocabulary.relationship_types:
        ends = engine.read(LABELS_OF_TYPE.format(type=rel_type))
        for pair in sorted((r["start"], r["end"]) for r in ends):
            name, count = _write_relationships(engine, folder, rel_type, *(keys[p] for p in pair))
            files.relationships[name] = count
    files.command = import_command(files, database)
    script = ["#!/bin/sh", "# Run in this folder, with the Neo4j server stopped (offline import).",
              "set -e", shlex.join(files.command), ""]  # fmt: skip
    atomic_write(folder / "import.sh", "\n".join(script))
    (folder / "import.sh").chmod(0o700)
    schema = [f"{constraint_statement(key)};" for key in vocabulary.node_keys]
    atomic_write(folder / "schema.cypher", "\n".join(schema) + "\n")
    return files
