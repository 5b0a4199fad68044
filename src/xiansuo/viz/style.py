"""How each kind of node and relationship looks on a page: colour, shape, the text drawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xiansuo.model.labels import CASE, ORGANIZATION, PERSON, REGION, UNRESOLVED
from xiansuo.model.vocabulary import Vocabulary

__all__ = ["FOCUS_COLOR", "NODE_STYLES", "OTHER", "NodeStyle", "edge_label", "node_label",
           "style_of"]  # fmt: skip


@dataclass(frozen=True)
class NodeStyle:
    """Colour and vis-network shape of a label's nodes."""

    color: str
    shape: str


NODE_STYLES: dict[str, NodeStyle] = {
    PERSON: NodeStyle("#4e79a7", "dot"),
    ORGANIZATION: NodeStyle("#59a14f", "dot"),
    UNRESOLVED: NodeStyle("#bab0ac", "dot"),
    CASE: NodeStyle("#f28e2b", "box"),
    REGION: NodeStyle("#76b7b2", "ellipse"),
    "CorrectionPeriod": NodeStyle("#b07aa1", "diamond"),
    "LowIncomePeriod": NodeStyle("#9c755f", "diamond"),
    "TerminatedDisclosure": NodeStyle("#edc948", "triangle"),
    "DishonestListing": NodeStyle("#e15759", "triangle"),
    "Completion": NodeStyle("#8cd17d", "triangle"),
}
OTHER = NodeStyle("#cccccc", "dot")
FOCUS_COLOR = "#d62728"

# The property that names a node best, by label; the key is the fallback.
_NAME_PROPERTY = {
    REGION: "name",
    PERSON: "name",
    ORGANIZATION: "name",
    UNRESOLVED: "name",
    "CorrectionPeriod": "category",
    "LowIncomePeriod": "category",
}
_DATE_PROPERTY = ("start_date", "listed_date", "terminated_date", "completed_date")
_NAMED_WITH_KEY = (PERSON, ORGANIZATION, UNRESOLVED, REGION)


def style_of(label: str) -> NodeStyle:
    """The style of a label; labels from user mappings get a neutral one."""
    return NODE_STYLES.get(label, OTHER)


def node_label(
    label: str, key_value: str, props: dict[str, Any], lang: str, vocabulary: Vocabulary
) -> str:
    """The short text drawn on a node: its name (or kind and date) and its key."""
    if label == CASE:
        return key_value
    name = props.get(_NAME_PROPERTY.get(label, ""))
    if label in _NAMED_WITH_KEY:  # a name of someone or somewhere: never translated
        return f"{name or vocabulary.label_name(label, lang)}\n{key_value}"
    date = next((props[p] for p in _DATE_PROPERTY if props.get(p)), None)
    head = vocabulary.value_name(name, lang) if name else vocabulary.label_name(label, lang)
    return f"{head}\n{date}" if date else head


def edge_label(rel_type: str, props: dict[str, Any], lang: str, vocabulary: Vocabulary) -> str:
    """The text on an edge: a party's role where there is one, else the relationship's name."""
    if props.get("role"):
        return vocabulary.value_name(props["role"], lang)
    return vocabulary.type_name(rel_type, lang)
