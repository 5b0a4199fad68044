"""Running rules on a graph: typed parameters, read-only, timeout, result cap, timing."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xiansuo.engines import GraphEngine, ReadOnlyViolation, ReadTimeout
from xiansuo.engines.base import EngineStopped, QueryFailed, QueryRefused
from xiansuo.model.lead import Lead
from xiansuo.model.texts import LANGS, both, text
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.facts import QueryFacts
from xiansuo.queries.leads import leads_from_rows
from xiansuo.queries.lint import Readings, read_queries
from xiansuo.queries.params import bind_params
from xiansuo.queries.rule import Rule
from xiansuo.queries.safety import unsafe
from xiansuo.queries.tables import missing_message, missing_tables, rule_needs

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT_MS", "RuleRun", "run_rule", "run_rules"]

DEFAULT_TIMEOUT_MS = 120_000
DEFAULT_MAX_ROWS = 100_000


@dataclass
class RuleRun:
    """The outcome of one rule: its leads, or the error that stopped it (in every language),
    and its time."""

    rule: Rule
    leads: list[Lead] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0
    truncated: bool = False
    error: dict[str, str] | None = None
    missing_tables: list[list[str]] = field(default_factory=list)  # needs no loaded table met


def run_rule(
    engine: GraphEngine,
    rule: Rule,
    values: Mapping[str, Any],
    vocabulary: Vocabulary,
    *,
    stages: Collection[str] = (),
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    max_rows: int = DEFAULT_MAX_ROWS,
    facts: QueryFacts | None = None,
    loaded_tables: Collection[str] | None = None,
) -> RuleRun:
    """Run one rule read-only; parameters are bound (and checked) before it is sent, and
    the query must be safe to run (``queries.safety``, reading ``facts``, Neo4j's parse of
    the query, when given). The engine stops the query after ``max_rows + 1`` rows; a rule
    that failed says why in ``error`` and has no leads.

    ``stages`` are the stages that ran on this graph, ``loaded_tables`` the input tables it
    was loaded from (None: not known); a rule requiring another stage, or a table that was
    not loaded, is not run (its leads would silently be none) and says so.
    """
    params = bind_params(rule, values)
    run = RuleRun(rule)
    missing = [stage for stage in rule.requires if stage not in stages]
    if missing:
        run.error = {
            lang: text("rule.requires", lang, stage=text(f"stage.{missing[0]}", lang))
            for lang in LANGS
        }
        return run
    needs = rule_needs(rule, vocabulary, facts) if loaded_tables is not None else None
    unmet = missing_tables(needs, loaded_tables or ()) if needs else []
    if unmet:
        run.missing_tables = [sorted(need) for need in unmet]
        run.error = missing_message(unmet, vocabulary)
        return run
    problems = unsafe(rule.query, facts)
    if problems:
        details = {lang: "; ".join(sorted({why[lang] for _, why in problems})) for lang in LANGS}
        run.error = both("rule.unsafe", detail=details)
        return run
    started = time.perf_counter()
    try:
        rows = engine.query(rule.query, params, timeout_ms=timeout_ms, max_rows=max_rows)
    except ReadTimeout:
        run.error = both("rule.timeout", seconds=f"{timeout_ms / 1000:g}")
    except (ReadOnlyViolation, QueryRefused) as exc:
        run.error = both("rule.write", detail=str(exc))
    except EngineStopped as exc:
        run.error = both("rule.engine_stopped", detail=str(exc))
    except QueryFailed as exc:
        run.error = both("rule.failed", detail=str(exc))
    else:
        run.rows = len(rows)
        absent = set(rule.returns) - set(rows[0]) if rows else set()
        if absent:
            run.error = both("rule.missing_columns", columns=", ".join(sorted(absent)))
        else:
            run.truncated = len(rows) > max_rows
            run.leads = leads_from_rows(rule, rows[:max_rows], vocabulary)
    run.seconds = time.perf_counter() - started
    return run


def run_rules(
    engine: GraphEngine,
    rules: Sequence[Rule],
    values: Mapping[str, Any],
    vocabulary: Vocabulary,
    *,
    stages: Collection[str] = (),
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    max_rows: int = DEFAULT_MAX_ROWS,
    progress: Callable[[RuleRun], None] | None = None,
    loaded_tables: Collection[str] | None = None,
    readings: Readings | None = None,
) -> list[RuleRun]:
    """Run every enabled rule; parameters of all rules are checked before the first runs.

    Every query is read by Neo4j's parser at once (``readings``, else read here) for the
    safety check and the tables each rule needs.
    """
    enabled = [rule for rule in rules if rule.enabled]
    for rule in enabled:
        bind_params(rule, values)
    if readings is None:
        readings = read_queries(rule.query for rule in enabled)
    runs = []
    for rule in enabled:
        run = run_rule(
            engine, rule, values, vocabulary, stages=stages, timeout_ms=timeout_ms,
            max_rows=max_rows, facts=readings.facts(rule.query), loaded_tables=loaded_tables,
        )  # fmt: skip
        runs.append(run)
        if progress:
            progress(run)
    return runs
