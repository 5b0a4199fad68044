"""Analysis results written back to the graph as person properties, for rules to use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import batched
from typing import Any

from xiansuo.engines import GraphEngine

__all__ = ["BATCH", "WRITE_PERSONS", "write_person_properties"]

BATCH = 10_000
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
    """Set the analysis properties (``labels.ANALYSIS_PROPERTIES``), one ``UNWIND`` per batch;
    returns how many rows."""
    count = 0
    for chunk in batched(rows, batch):
        engine.write(WRITE_PERSONS, chunk)
        count += len(chunk)
    return count
