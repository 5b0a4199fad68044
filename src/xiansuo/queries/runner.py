"""Running rules on a graph: typed parameters, read-only, timeout, result cap, timing."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xiansuo.engines import GraphEngine, ReadOnlyViolation, ReadTimeout
from xiansuo.queries.lead import Lead, leads_from_rows
from xiansuo.queries.params import bind_params
from xiansuo.queries.rule import Rule

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT_MS", "RuleRun", "run_rule", "run_rules"]

DEFAULT_TIMEOUT_MS = 120_000
DEFAULT_MAX_ROWS = 100_000


@dataclass
class RuleRun:
    """The outcome of one rule: its leads, or the error that stopped it, and its time."""

    rule: Rule
    leads: list[Lead] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0
    truncated: bool = False
    error: str | None = None


def run_rule(
    engine: GraphEngine,
    rule: Rule,
    values: Mapping[str, Any],
    *,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> RuleRun:
    """Run one rule read-only; parameters are bound (and checked) before it is sent."""
    params = bind_params(rule, values)
    run = RuleRun(rule)
    started = time.perf_counter()
    try:
        rows = engine.read(rule.query, params, timeout_ms=timeout_ms)
    except ReadTimeout:
        run.error = f"超时：超过 {timeout_ms / 1000:g} 秒未完成 (timed out after {timeout_ms} ms)"
    except ReadOnlyViolation as exc:
        run.error = f"规则试图写入图数据库 (rule tried to write): {exc}"
    else:
        run.rows = len(rows)
        missing = set(rule.returns) - set(rows[0]) if rows else set()
        if missing:
            run.error = f"规则未返回声明的列 (declared columns not returned): {sorted(missing)}"
        else:
            run.truncated = len(rows) > max_rows
            run.leads = leads_from_rows(rule, rows[:max_rows])
    run.seconds = time.perf_counter() - started
    return run


def run_rules(
    engine: GraphEngine,
    rules: Sequence[Rule],
    values: Mapping[str, Any],
    *,
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
        runs.append(run_rule(engine, rule, values, timeout_ms=timeout_ms, max_rows=max_rows))
        if progress:
            progress(runs[-1])
    return runs
