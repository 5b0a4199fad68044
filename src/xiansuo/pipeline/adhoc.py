"""A query someone tries on a run's graph, from the shell, a notebook or the workbench page:
checked as a rule is, run read-only with a timeout and a row cap, masked by value.

The caller opens the graph (read-only, inside ``staging.reading``); ``try_query`` does the
rest: one linter run for Neo4j's diagnostics and the parser's facts, a refusal when the
query is unsafe, parameters typed by what the query compares them with, and the rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from xiansuo.engines import GraphEngine, ReadOnlyViolation, ReadTimeout
from xiansuo.engines.base import EngineStopped, QueryFailed, QueryRefused
from xiansuo.model.labels import DAY_SUFFIX
from xiansuo.model.masking import mask_values
from xiansuo.model.texts import LANGS, both
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.checks import QueryCheck, check_query
from xiansuo.queries.params import ParameterError, bind_values, kind_of_text, kinds_from_use

__all__ = [
    "DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT_S", "QueryNotRun", "QueryResult", "parse_params",
    "try_query",
]  # fmt: skip

DEFAULT_MAX_ROWS = 1000  # rows a person reads; a rule's cap is the runner's
DEFAULT_TIMEOUT_S = 30.0


class QueryNotRun(RuntimeError):
    """The query was refused (unsafe) or the engine could not run it; ``message`` says why
    in every language, ``check`` holds what the checks found."""

    def __init__(self, message: dict[str, str], check: QueryCheck) -> None:
        super().__init__(message["en"])
        self.message = message
        self.check = check


@dataclass(frozen=True)
class QueryResult:
    """The rows (masked unless asked not to), their columns, whether the cap cut them, the
    parameters as bound, the time taken and what the checks found."""

    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    truncated: bool
    max_rows: int
    params: dict[str, Any]
    seconds: float
    check: QueryCheck


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict (the value is typed later, by ``try_query``).

    >>> parse_params(["as_of=2025-06-30", "role=被告人"])
    {'as_of': '2025-06-30', 'role': '被告人'}
    """
    found: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().removeprefix("$")
        if not sep or not name.isidentifier():
            raise ParameterError(f"--param takes NAME=VALUE, not {pair!r}")
        found[name] = value
    return found


def _declared(values: Mapping[str, Any]) -> dict[str, str]:
    """The names the linter is told of: each given one, and ``_day`` of a date."""
    declared = {name: "ANY" for name in values}
    for name, value in values.items():
        if not isinstance(value, str) or kind_of_text(value) == "date":
            declared.setdefault(name + DAY_SUFFIX, "INTEGER")
    return declared


def try_query(
    engine: GraphEngine,
    vocabulary: Vocabulary,
    text: str,
    values: Mapping[str, Any] | None = None,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    mask: bool = True,
) -> QueryResult:
    """Check and run ``text`` read-only on ``engine``.

    ``values`` are the parameters: text from a command line is typed by what the query
    compares it with (``c.region_code = $code`` keeps ``510104`` text, ``r.sentence_months >
    $m`` makes ``12`` an integer), else by its look (``kind_of_text``); Python values are
    kept, a ``date`` made ISO text. A date also comes as ``$<name>_day``. Raises
    ``QueryNotRun`` when the query is unsafe or the engine fails, ``ParameterError`` for a
    value of the wrong kind.
    """
    values = dict(values or {})
    check = check_query(text, vocabulary, params=_declared(values))
    if check.refused:
        details = {lang: "; ".join(f.message[lang] for f in check.refused) for lang in LANGS}
        raise QueryNotRun(both("query.refused", detail=details), check)
    kinds = kinds_from_use(check.facts, vocabulary) if check.facts is not None else {}
    params = bind_values(values, kinds)
    started = time.perf_counter()
    timeout_ms = max(1, round(timeout_s * 1000))
    try:
        rows = engine.query(text, params, timeout_ms=timeout_ms, max_rows=max_rows)
    except ReadTimeout:
        raise QueryNotRun(both("rule.timeout", seconds=f"{timeout_s:g}"), check) from None
    except (ReadOnlyViolation, QueryRefused) as exc:
        raise QueryNotRun(both("query.write", detail=str(exc)), check) from None
    except EngineStopped as exc:
        raise QueryNotRun(both("query.engine_stopped", detail=str(exc)), check) from None
    except QueryFailed as exc:
        raise QueryNotRun(both("query.failed", detail=str(exc)), check) from None
    seconds = time.perf_counter() - started
    # The RETURN's order (the engine's cap may sort the columns), else the rows' own.
    returns = check.facts.returns if check.facts is not None else None
    if returns is not None and not returns.star:
        columns = tuple(dict.fromkeys(c.name for c in returns.columns))
    else:
        columns = tuple(rows[0]) if rows else ()
    shown = [{c: row[c] for c in columns if c in row} | row for row in rows[:max_rows]]
    return QueryResult(
        columns=columns,
        rows=[mask_values(row) for row in shown] if mask else shown,
        truncated=len(rows) > max_rows,
        max_rows=max_rows,
        params=params,
        seconds=seconds,
        check=check,
    )
