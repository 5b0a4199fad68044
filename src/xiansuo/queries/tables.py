"""A rule's data elements (数据要素): the input tables it needs, declared or read off its query.

A rule may list them (``tables:``); otherwise each label, relationship type and property
the query uses needs one of the tables whose mapping writes it (``Person`` comes from many,
``RECEIVES`` only from ``low_income``). A run whose data lacks every table of a need does
not run the rule: its zero leads would say "nothing found" where the truth is "not looked".
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from xiansuo.model.texts import LANGS, both, join
from xiansuo.model.vocabulary import PropertySource, Vocabulary
from xiansuo.queries.facts import QueryFacts
from xiansuo.queries.rule import Rule

__all__ = [
    "Need",
    "missing_message",
    "missing_tables",
    "needs_of",
    "rule_needs",
    "table_text",
    "template_tables",
]


@dataclass(frozen=True)
class Need:
    """What the query uses (a label, a type or ``Label.property``), where, and the tables
    any one of which provides it."""

    what: str
    at: int
    tables: frozenset[str]


def needs_of(facts: QueryFacts, vocabulary: Vocabulary) -> Iterator[Need]:
    """Every need of the query, in the order it uses them."""
    for use in facts.labels:
        tables = vocabulary.tables_of.get(use.name)
        if tables:
            yield Need(use.name, use.at, frozenset(tables))
    for prop in facts.properties:
        owners = facts.owners(prop.variable, prop.labels)
        tables = {
            source.table
            for owner in owners
            for source in vocabulary.sources.get((owner, prop.name), ())
        }
        if tables:
            yield Need(f"{'|'.join(owners)}.{prop.name}", prop.at, frozenset(tables))
    # `c.kind = 'enforcement'` needs a table that can give a case that kind.
    for c in facts.comparisons:
        if c.op not in ("=", "IN") or c.other.kind not in ("literal", "list"):
            continue
        values = {str(v) for v in c.other.values if v is not None}
        owners = facts.owners(c.variable, c.labels)
        tables = {
            source.table
            for owner in owners
            for source in vocabulary.sources.get((owner, c.property), ())
            if _can_hold(source, values)
        }
        if tables:
            yield Need(f"{'|'.join(owners)}.{c.property}", c.at, frozenset(tables))


def _can_hold(source: PropertySource, values: set[str]) -> bool:
    if source.const is not None:
        return str(source.const) in values
    if source.field is not None and source.field.type == "enum":
        return bool(values & set(source.field.values))
    return True


def _minimal(sets: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    """The sets no other set is a strict subset of (a need implied by another goes)."""
    unique = list(dict.fromkeys(sets))
    return sorted(
        (s for s in unique if not any(other < s for other in unique)),
        key=lambda s: (len(s), sorted(s)),
    )


def rule_needs(
    rule: Rule, vocabulary: Vocabulary, facts: QueryFacts | None
) -> list[frozenset[str]] | None:
    """The rule's needs as sets of alternative tables; None when they cannot be known (no
    ``tables:`` and no facts, because Neo4j's parser did not run)."""
    if rule.tables:
        return [frozenset([table]) for table in rule.tables]
    if facts is None or not facts.parsed_cleanly:
        return None
    return _minimal([need.tables for need in needs_of(facts, vocabulary)])


def missing_tables(
    needs: Sequence[frozenset[str]], loaded: Collection[str]
) -> list[frozenset[str]]:
    """The needs none of whose tables was loaded."""
    return [need for need in needs if not need & set(loaded)]


def missing_message(missing: Sequence[frozenset[str]], vocabulary: Vocabulary) -> dict[str, str]:
    """ "未加载 low_income（低保特困人员）：本模型未运行", in every language."""

    def named(table: str, lang: str) -> str:
        return table_text(table, vocabulary, lang)

    tables = {
        lang: join(("/".join(named(t, lang) for t in sorted(need)) for need in missing), lang)
        for lang in LANGS
    }
    return both("rule.missing_tables", tables=tables)


def table_text(table: str, vocabulary: Vocabulary, lang: str) -> str:
    """A table as people read it: ``low_income（低保特困人员）``.

    >>> table_text("low_income", Vocabulary.load(), "en")
    'low_income (Low-income support)'
    """
    title = vocabulary.table_title(table, lang)
    if not title or title == table:
        return table
    return f"{table}（{title}）" if lang == "zh" else f"{table} ({title})"


def template_tables(needs: Sequence[frozenset[str]]) -> list[str]:
    """The tables a data template holds: every table that is the only way to meet a need,
    then all alternatives of a need they leave open."""
    chosen = {next(iter(need)) for need in needs if len(need) == 1}
    for need in needs:
        if not need & chosen:
            chosen |= need
    return sorted(chosen)
