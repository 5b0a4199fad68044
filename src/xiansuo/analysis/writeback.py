"""Analysis results written back to the graph as person properties, for rules to use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import batched
from typing import Any

from xiansuo.engines import GraphEngine

__all__ = ["ANALYSIS_PROPERTIES", "BATCH", "WRITE_PERSONS", "write_person_properties"]

BATCH = 10_000
# What `xiansuo analyze` sets on each person of the co-offender network; the rule checks
# know these names (queries/schema.py) so rules may use them.
ANALYSIS_PROPERTIES = {
    "community": "Louvain community id of the co-offender network (1 = largest)",
    "community_size": "people in that community",
    "community_regions": "county-level regions of the community's criminal cases",
    "degree": "distinct co-offenders",
    "betweenness": "pairs of co-offenders whose shortest link runs through the person",
}
WRITE_PERSONS = """
UNWIND $rows AS row
MATCH (p:Person {id_no: row.id_no})
SET p.community = row.community, p.community_size = row.community_size,
    p.community_regions = row.community_regions, p.degree = row.degree,
    p.betweenness = row.betweenness
"""


def write_person_properties(
    engine: GraphEngine, rows: Iterable[Mapping[str, Any]], *, batch: int = BATCH
) -> int:
    """Set the analysis properties, one ``UNWIND`` per batch; returns how many rows."""
    count = 0
    for chunk in batched(rows, batch):
        engine.write(WRITE_PERSONS, chunk)
        count += len(chunk)
    return count
