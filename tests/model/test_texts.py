"""The text catalogue: every key in both languages, every key the code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from xiansuo.model.texts import LANGS, catalogue, join, text

SRC = Path(__file__).resolve().parents[2] / "src" / "xiansuo"
# A literal key passed to the catalogue's lookups: text("k", …), t("k"), say("k"), both("k"),
# in Python, templates and the explorer's scripts.
_USE = re.compile(r"""\b(?:text|t|say|both)\(\s*["']([a-z_]+\.[^"'{}]+)["']""")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_entry_has_both_languages_and_the_same_fields():
    for key, entry in catalogue().items():
        assert set(entry) - {"en_one"} == set(LANGS), key
        assert all(isinstance(entry[lang], str) and entry[lang] for lang in LANGS), key
        assert _fields(entry["zh"]) == _fields(entry["en"]), key
        if "en_one" in entry:
            assert "count" in _fields(entry["en"]), key


def test_every_key_the_code_and_templates_use_exists():
    used = {
        key
        for path in [*SRC.rglob("*.py"), *SRC.rglob("*.j2"), *SRC.rglob("*.js")]
        for key in _USE.findall(path.read_text(encoding="utf-8"))
    }
    assert len(used) > 100  # the scan finds the lookups
    assert sorted(used - set(catalogue())) == []


def test_english_plurals_and_lists():
    assert text("priority.group", "en", size=3, count=1).endswith("1 county region")
    assert text("priority.group", "en", size=3, count=2).endswith("2 county regions")
    assert join(["a", "b"], "en") == "a, b" and join(["甲", "乙"], "zh") == "甲、乙"


def test_an_unknown_key_is_an_error_not_a_blank():
    with pytest.raises(KeyError):
        text("report.no_such_text", "zh")
