"""Labels, relationship types and properties the query uses exist in the vocabulary; a
near miss gets a "did you mean" (from the mappings in use, ``--mappings`` included)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from xiansuo.model.texts import LANGS, both, join
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks.issue import FactValidator, Finding
from xiansuo.queries.checks.rule_file import RuleFile
from xiansuo.queries.facts import QueryFacts

__all__ = ["NamesValidator", "hint", "unknown_names"]

CHECK = "names"


def hint(name: str, candidates: Iterable[str], titles: dict[str, str]) -> dict[str, str] | str:
    """ "; did you mean …?" with the closest candidates, each with its Chinese title (typing
    the title, a column name, finds its property), or nothing."""
    pool = sorted(set(candidates))
    same_case = [c for c in pool if c.lower() == name.lower()]
    by_title = [c for c in pool if titles.get(c) == name]
    close = same_case or by_title or difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    if not close:
        return ""

    def shown(candidate: str, lang: str) -> str:
        title = titles.get(candidate)
        if not title:
            return candidate
        return f"{candidate}（{title}）" if lang == "zh" else f"{candidate} ({title})"

    names = {lang: join([shown(c, lang) for c in close], lang) for lang in LANGS}
    return both("names.hint", names=names)


def _label_titles(vocabulary: Vocabulary) -> dict[str, str]:
    return {label: vocabulary.label_name(label, "zh") for label in vocabulary.labels}


def _property_titles(vocabulary: Vocabulary, owners: Iterable[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for owner in owners:
        for prop in vocabulary.properties_of(owner):
            if (owner, prop) in vocabulary.columns:
                titles.setdefault(prop, vocabulary.columns[owner, prop])
    return titles


def unknown_names(facts: QueryFacts, vocabulary: Vocabulary) -> Iterator[Finding]:
    """Each label, type and property of the query that the graph cannot hold."""
    labels, types = set(vocabulary.labels), set(vocabulary.relationship_types)
    for use in facts.labels:
        if use.kind == "node" and use.name in types:
            yield Finding(use.at, CHECK, both("names.type_as_label", name=use.name))
        elif use.kind == "relationship" and use.name in labels:
            yield Finding(use.at, CHECK, both("names.label_as_type", name=use.name))
        elif use.kind == "relationship" and use.name not in types:
            suggestion = hint(use.name, types, {})
            yield Finding(use.at, CHECK, both("names.type", name=use.name, hint=suggestion))
        elif use.kind != "relationship" and use.name not in labels | types:
            suggestion = hint(use.name, labels, _label_titles(vocabulary))
            yield Finding(use.at, CHECK, both("names.label", name=use.name, hint=suggestion))
    for prop in facts.properties:
        if prop.variable not in facts.variables and not prop.labels:
            continue  # not a node or relationship (a map, a row of UNWIND)
        owners = facts.owners(prop.variable, prop.labels)
        if any(owner not in labels | types for owner in owners):
            continue  # the unknown label is reported
        known = (
            set().union(*(vocabulary.properties_of(o) for o in owners))
            if owners
            else set(vocabulary.property_keys)
        )
        if prop.name in known:
            continue
        suggestion = hint(prop.name, known, _property_titles(vocabulary, owners or labels | types))
        if owners:
            owner = {lang: join(owners, lang) for lang in LANGS}
            message = both("names.property", owner=owner, name=prop.name, hint=suggestion)
        else:
            message = both("names.property_any", name=prop.name, hint=suggestion)
        yield Finding(prop.at, CHECK, message)


class NamesValidator(FactValidator):
    """Every label, type and property exists in the vocabulary (with "did you mean")."""

    check = CHECK

    def findings(self, facts: QueryFacts, file: RuleFile) -> Iterator[Finding]:
        return unknown_names(facts, self.vocabulary)
