"""Offline Cypher lint through Neo4j 5's own parser and semantic analysis (tools/cypher-lint)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "INSTALL_HINT",
    "LINTER_DIR_ENV",
    "CypherLintError",
    "CypherText",
    "GraphSchema",
    "LintIssue",
    "LinterUnavailable",
    "find_linter_dir",
    "lint_cypher",
]

LINTER_DIR_ENV = "XIANSUO_CYPHER_LINT_DIR"
INSTALL_HINT = "npm ci --prefix tools/cypher-lint"
_PACKAGE = Path("node_modules/@neo4j-cypher/language-support/package.json")
_TIMEOUT_S = 600


class LinterUnavailable(RuntimeError):
    """Node, the lint script or its node_modules are missing."""


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


def find_linter_dir() -> Path:
    """The folder holding lint.mjs: $XIANSUO_CYPHER_LINT_DIR, else tools/cypher-lint above us."""
    override = os.environ.get(LINTER_DIR_ENV)
    if override:
        return Path(override)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "tools" / "cypher-lint"
        if (candidate / "lint.mjs").is_file():
            return candidate
    raise LinterUnavailable(
        f"tools/cypher-lint/lint.mjs not found above {Path(__file__).resolve().parent}; "
        f"set {LINTER_DIR_ENV} to the folder holding lint.mjs"
    )


def lint_cypher(
    queries: Sequence[CypherText], schema: GraphSchema | None = None
) -> list[LintIssue]:
    """Lint all queries in one node process; issues come in query order, then by position."""
    ids = [q.id for q in queries]
    if len(set(ids)) != len(ids):
        raise ValueError("query ids must be unique to map diagnostics back")
    if not queries:
        return []
    payload = {
        "schema": (schema or GraphSchema()).to_db_schema(),
        "queries": [{"id": q.id, "text": q.text, "params": dict(q.params)} for q in queries],
    }
    output = _run_linter(json.dumps(payload, ensure_ascii=False))
    if [result.get("id") for result in output["results"]] != ids:
        raise CypherLintError("cypher linter returned results that do not match the query ids")
    return [
        LintIssue(
            query_id=result["id"],
            severity=d["severity"],
            message=d["message"],
            line=d["line"],
            column=d["column"],
        )
        for result in output["results"]
        for d in result["diagnostics"]
    ]


def _run_linter(stdin: str) -> dict[str, Any]:
    linter_dir = find_linter_dir()
    script = linter_dir / "lint.mjs"
    if not script.is_file():
        raise LinterUnavailable(f"{script} not found; set {LINTER_DIR_ENV} correctly")
    node = shutil.which("node")
    if node is None:
        raise LinterUnavailable(
            f"node is not on PATH; install Node.js (20 or newer), then run: {INSTALL_HINT}"
        )
    if not (linter_dir / _PACKAGE).is_file():
        raise LinterUnavailable(
            f"@neo4j-cypher/language-support is not installed in {linter_dir / 'node_modules'}; "
            f"run: {INSTALL_HINT}"
        )
    proc = subprocess.run(
        [node, str(script)],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=linter_dir,
        timeout=_TIMEOUT_S,
        check=False,
    )
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
