"""Person and organisation names: whitespace removed, interpunct variants unified."""

from __future__ import annotations

__all__ = ["canonical_name"]

# Minority names are written with a middle dot; exports use several look-alikes.
_DOTS = str.maketrans({"•": "·", "．": "·", "・": "·", "‧": "·", "∙": "·", "･": "·"})


def canonical_name(raw: str) -> str:
    """Return the name without any whitespace (U+3000 included).

    >>> canonical_name("\\u3000张 三 ")
    '张三'
    """
    return "".join(raw.split()).translate(_DOTS)
