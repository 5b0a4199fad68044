"""Who a party row is about: the seam where entity resolution plugs in.

The foundation keys people by canonical resident ID and organisations by USCC; rows whose
identifier is missing or invalid are rejected with the reason. Full entity resolution
(typos, missing IDs) replaces ``party_node`` and that rejection, nothing else.
"""

from __future__ import annotations

from functools import lru_cache

from xiansuo.graph_loader.resident_id import is_resident_id

__all__ = ["PARTY_LABELS", "party_node"]

PARTY_LABELS = ("Person", "Organization")


@lru_cache(maxsize=65536)
def party_node(canonical_id: str) -> tuple[str, str]:
    """The label and key of the node a canonical party identifier stands for.

    >>> party_node("11010519491231002X")
    ('Person', '11010519491231002X')
    >>> party_node("915101040000000008")  # a USCC can be all digits
    ('Organization', '915101040000000008')
    """
    label = "Person" if is_resident_id(canonical_id) else "Organization"
    return label, canonical_id
