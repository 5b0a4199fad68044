"""Everything known about one person: the records that resolved to them, and how."""

from __future__ import annotations

from dataclasses import dataclass, field

from xiansuo.engines import GraphEngine, Row

__all__ = ["PERSON", "RECORDS", "SAME_NAME_UNRESOLVED", "PersonFile", "person_file"]

PERSON = """
MATCH (p {id_no: $id})
WHERE p:Person OR p:Organization
RETURN labels(p)[0] AS label, p.name AS name, p.gender AS gender, p.birth_date AS birth_date
"""
RECORDS = """
MATCH (p {id_no: $id})-[r]-(x)
WHERE p:Person OR p:Organization
RETURN type(r) AS link, r.role AS role, r.match AS match, r.claimed_id AS claimed_id,
       r.src_table AS src_table, r.src_file AS src_file, r.src_row AS src_row,
       labels(x)[0] AS other, coalesce(x.case_no, x.code) AS other_key
ORDER BY src_table, src_row
"""
SAME_NAME_UNRESOLVED = """
MATCH (u:UnresolvedParty {name: $name})-[r]-(x)
RETURN u.id_no AS record, r.claimed_id AS claimed_id, r.src_table AS src_table,
       r.src_file AS src_file, r.src_row AS src_row, labels(x)[0] AS other,
       coalesce(x.case_no, x.code) AS other_key
ORDER BY src_table, src_row
"""


@dataclass
class PersonFile:
    """A person (or organisation), their records, and unresolved records of the same name."""

    id_no: str
    node: Row | None
    records: list[Row] = field(default_factory=list)
    unresolved_same_name: list[Row] = field(default_factory=list)


def person_file(engine: GraphEngine, id_no: str) -> PersonFile:
    """Read a person's file from the graph; ``node`` is None when nobody has that ID."""
    found = engine.read(PERSON, {"id": id_no})
    if not found:
        return PersonFile(id_no, None)
    node = found[0]
    same_name = engine.read(SAME_NAME_UNRESOLVED, {"name": node["name"]}) if node["name"] else []
    return PersonFile(id_no, node, engine.read(RECORDS, {"id": id_no}), same_name)
