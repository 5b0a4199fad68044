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
from xiansuo.queries.leads import leads_from_rows
from xiansuo.queries.params import bind_params
from xiansuo.queries.rule import Rule
from xiansuo.queries.safety import unsafe

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


def run_rule(
    engine: GraphEngine,
    rule: Rule,
    values: Mapping[str, Any],
    vocabulary: Vocabulary,
    *,
    stages: Collection[str] = (),
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> RuleRun:
    """Run one rule read-only; parameters are bound (and checked) before it is sent, and
    the query must be safe to run (``queries.safety``). The engine stops the query after
    ``max_rows + 1`` rows; a rule that failed says why in ``error`` and has no leads.

    ``stages`` are the stages that ran on this graph; a rule requiring another one is not
    run (its leads would silently be none) and says so.
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
    problems = unsafe(rule.query)
    if problems:
        run.error = both("rule.unsafe", detail="; ".join(sorted({why for _, why in problems})))
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
) -> list[RuleRun]:
    """Run every enabled rule; parameters of all rules are checked before the first runs."""
    enabled = [rule for rule in rules if rule.enabled]
    for rule in enabled:
        bind_params(rule, values)
    runs = []
    for rule in enabled:
        run = run_rule(
            engine, rule, values, vocabulary, stages=stages, timeout_ms=timeout_ms,
            max_rows=max_rows,
        )  # fmt: skip
        runs.append(run)
        if progress:
            progress(run)
    return runs
