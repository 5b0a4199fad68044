"""Person and organisation names: whitespace removed, interpunct variants unified."""

from __future__ import annotations

__all__ = ["canonical_name", "near_equal"]

# Minority names are written with a middle dot; exports use several look-alikes.
_DOTS = str.maketrans({"•": "·", "．": "·", "・": "·", "‧": "·", "∙": "·", "･": "·"})
_NO_DOT = str.maketrans({"·": None})


def canonical_name(raw: str) -> str:
    """Return the name without any whitespace (U+3000 included).

    >>> canonical_name("\\u3000张 三 ")
    '张三'
    """
    return "".join(raw.split()).translate(_DOTS)


def near_equal(a: str, b: str) -> bool:
    """Whether two canonical names may be one name written two ways: the same but for the
    middle dot, or the same surname (first character) and one character substituted, added
    or left out (a typo of the given name).

    >>> near_equal("阿依古丽·买买提", "阿依古丽买买提"), near_equal("张三", "张叁")
    (True, True)
    >>> near_equal("张三", "李三"), near_equal("张三", "张三丰"), near_equal("张三", "王五")
    (False, True, False)
    """
    a, b = a.translate(_NO_DOT), b.translate(_NO_DOT)
    if a == b:
        return True
    if not a or not b or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
