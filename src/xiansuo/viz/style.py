"""How each kind of node and relationship looks on a page, and what it is called in zh / en."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "EDGE_NAMES", "FOCUS_COLOR", "NODE_STYLES", "OTHER", "SAME_NAME_TYPE", "NodeStyle",
    "edge_label", "node_label", "style_of",
]  # fmt: skip


@dataclass(frozen=True)
class NodeStyle:
    """Colour, vis-network shape and the label's name in both languages."""

    color: str
    shape: str
    zh: str
    en: str


NODE_STYLES: dict[str, NodeStyle] = {
    "Person": NodeStyle("#4e79a7", "dot", "自然人", "Person"),
    "Organization": NodeStyle("#59a14f", "dot", "单位", "Organisation"),
    "UnresolvedParty": NodeStyle("#bab0ac", "dot", "未识别当事人记录", "Unresolved party record"),
    "Case": NodeStyle("#f28e2b", "box", "案件", "Case"),
    "Jurisdiction": NodeStyle("#76b7b2", "ellipse", "行政区划", "Jurisdiction"),
    "CorrectionPeriod": NodeStyle("#b07aa1", "diamond", "社区矫正期间", "Community correction"),
    "LowIncomePeriod": NodeStyle("#9c755f", "diamond", "低保/特困期间", "Low-income support"),
    "TerminatedDisclosure": NodeStyle("#edc948", "triangle", "终本信息", "Terminated disclosure"),
    "DishonestListing": NodeStyle("#e15759", "triangle", "失信名单", "Dishonest listing"),
    "Completion": NodeStyle("#8cd17d", "triangle", "履行完毕", "Completion"),
}
OTHER = NodeStyle("#cccccc", "dot", "其他", "Other")
FOCUS_COLOR = "#d62728"

# Drawn, not stored: an unresolved record bearing a lead person's name.
SAME_NAME_TYPE = "SAME_NAME"
EDGE_NAMES: dict[str, tuple[str, str]] = {
    SAME_NAME_TYPE: ("同名未识别记录", "same name, unresolved"),
    "PARTY_IN": ("当事人", "party in"),
    "DEBTOR_IN": ("被执行人", "debtor in"),
    "IN_REGION": ("所在区划", "in region"),
    "PART_OF": ("隶属", "part of"),
    "OF_CASE": ("所属案件", "of case"),
    "CONCERNS": ("涉及", "concerns"),
    "COVERS": ("履行覆盖", "covers"),
    "RECEIVES": ("享受", "receives"),
    "UNDER_CORRECTION": ("接受矫正", "under correction"),
    "FOR_CASE": ("判决案件", "for case"),
}

# The property that names a node best, by label; the key is the fallback.
_NAME_PROPERTY = {
    "Jurisdiction": "name",
    "Person": "name",
    "Organization": "name",
    "UnresolvedParty": "name",
    "CorrectionPeriod": "category",
    "LowIncomePeriod": "category",
}
_DATE_PROPERTY = ("start_date", "listed_date", "terminated_date", "completed_date")


def style_of(label: str) -> NodeStyle:
    """The style of a label; labels from user mappings get a neutral one."""
    return NODE_STYLES.get(label, OTHER)


def node_label(label: str, key_value: str, props: dict[str, Any], lang: str) -> str:
    """The short text drawn on a node: its name (or kind and date) and its key."""
    style = style_of(label)
    name = props.get(_NAME_PROPERTY.get(label, ""))
    if label == "Case":
        return key_value
    date = next((props[p] for p in _DATE_PROPERTY if props.get(p)), None)
    head = str(name) if name else (style.zh if lang == "zh" else style.en)
    if label in ("Person", "Organization", "UnresolvedParty", "Jurisdiction"):
        return f"{head}\n{key_value}"
    return f"{head}\n{date}" if date else head


def edge_label(rel_type: str, props: dict[str, Any], lang: str) -> str:
    """The text on an edge: a party's role where there is one, else the relationship's name."""
    if props.get("role"):
        return str(props["role"])
    zh, en = EDGE_NAMES.get(rel_type, (rel_type, rel_type))
    return zh if lang == "zh" else en
