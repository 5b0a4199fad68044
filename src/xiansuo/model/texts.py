"""The text catalogue: every text shown to people, looked up by key in Chinese or English."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any, Literal, get_args

import yaml

__all__ = [
    "DEFAULT_LANG", "LANGS", "Lang", "Texts", "both", "catalogue", "has", "join", "join_cjk_lines",
    "text", "texts",
]  # fmt: skip

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "zh"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """``texts.yaml``: key → {zh, en[, en_one]}."""
    source = files("xiansuo.model").joinpath("texts.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(source)


def has(key: str) -> bool:
    """Whether the catalogue knows ``key``."""
    return key in catalogue()


def text(key: str, lang: str, /, **values: Any) -> str:
    """The text of ``key`` in ``lang`` with its ``{name}`` fields filled in.

    >>> text("report.new_count", "en", n=3), text("report.new_count", "zh", n=3)
    ('3 new', '新出现 3 条')
    >>> text("cli.records", "en", count=1), text("cli.records", "en", count=2)
    ('1 record:', '2 records:')
    """
    entry = catalogue()[key]
    template = entry[lang]
    if lang == "en" and values.get("count") == 1:
        template = entry.get("en_one", template)
    return template.format(**values) if values else template


# Chinese characters and punctuation (CJK symbols, ideographs, full-width forms).
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """Chinese text without the spaces a folded YAML line leaves between two characters.

    >>> join_cjk_lines("判决案号为本案， 或矫正 开始日期 after 60日")
    '判决案号为本案，或矫正开始日期 after 60日'
    """
    return _BETWEEN_CJK.sub("", text)


def join(items: Iterable[object], lang: str) -> str:
    """Items as a list in running text: ``甲、乙`` or ``a, b``.

    >>> join(["a", "b"], "en"), join(["甲", "乙"], "zh")
    ('a, b', '甲、乙')
    """
    return text("list.separator", lang).join(map(str, items))


class Texts:
    """The catalogue in one language, for templates: ``t("report.title")``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, /, **values: Any) -> str:
        return text(key, self.lang, **values)


def texts(lang: str) -> Texts:
    """The catalogue bound to one language."""
    return Texts(lang)


def both(key: str, /, **values: Any) -> dict[str, str]:
    """The text of ``key`` in every language, for what is stored and shown later; a value
    that is itself a text in every language (a dict by language) fills in its own.

    >>> both("rule.truncated")
    {'zh': '结果已截断', 'en': 'truncated'}
    >>> both("rule.unsafe", detail=both("rule.truncated"))["en"]
    'the rule may not run: truncated'
    """

    def value(item: Any, lang: str) -> Any:
        return item[lang] if isinstance(item, dict) and lang in item else item

    return {
        lang: text(key, lang, **{name: value(v, lang) for name, v in values.items()})
        for lang in LANGS
    }
