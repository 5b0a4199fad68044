"""The Chinese column a stored property came from, so tooltips speak the source tables' words."""

from __future__ import annotations

from functools import cache

from xiansuo.graph_loader import load_mappings

__all__ = ["property_title", "property_titles"]

# Properties the loader adds itself, on any label or type.
_LOADER = {"match": "匹配方式", "claimed_id": "原证件号", "event_key": "记录键", "kind": "类别",
           "via": "覆盖依据"}  # fmt: skip


@cache
def property_titles() -> dict[tuple[str, str], str]:
    """``(label or relationship type, property)`` → the built-in mappings' column header.

    >>> property_titles()[("Case", "filed_date")], property_titles()[("PARTY_IN", "role")]
    ('立案日期', '角色')
    """
    titles: dict[tuple[str, str], str] = {}
    for mapping in load_mappings().values():
        for alias, node in mapping.nodes.items():
            for label in mapping.labels(alias):
                for prop, source in [*node.set.items(), *node.key.items()]:
                    if isinstance(source, str) and source in mapping.fields:
                        titles.setdefault((label, prop), mapping.fields[source].column)
        for rel in mapping.relationships.values():
            for prop, source in [*rel.set.items(), *rel.key.items()]:
                if source in mapping.fields:
                    titles.setdefault((rel.type, prop), mapping.fields[source].column)
    return titles


def property_title(owner: str, prop: str) -> str:
    """The Chinese name of ``prop`` on a label or type; the property name when there is none.

    >>> [property_title(*pair) for pair in [("Case", "cause"), ("PARTY_IN", "match"), ("X", "y")]]
    ['案由', '匹配方式', 'y']
    """
    return property_titles().get((owner, prop)) or _LOADER.get(prop, prop)
