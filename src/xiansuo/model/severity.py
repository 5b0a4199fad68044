"""How severe a rule's leads are: the order leads are read in, and the weight of priority."""

from __future__ import annotations

from typing import Literal, get_args

from xiansuo.model.texts import text

__all__ = ["SEVERITIES", "Severity", "severity_name", "severity_rank", "severity_weight"]

Severity = Literal["critical", "high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)  # most severe first
_WEIGHTS = {"critical": 4.0, "high": 3.0, "medium": 2.0, "low": 1.0}


def severity_rank(severity: str) -> int:
    """0 for the most severe; a severity this version does not know comes last.

    >>> severity_rank("critical"), severity_rank("low"), severity_rank("?")
    (0, 3, 4)
    """
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def severity_name(severity: str, lang: str) -> str:
    """The severity as a reader of ``lang`` sees it.

    >>> severity_name("critical", "zh"), severity_name("critical", "en")
    ('严重', 'critical')
    """
    return text(f"severity.{severity}", lang) if severity in SEVERITIES else severity


def severity_weight(severity: str) -> float:
    """A lead's base priority: low 1 … critical 4 (unknown: 1)."""
    return _WEIGHTS.get(severity, 1.0)
