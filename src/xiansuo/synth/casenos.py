"""Case numbers (案号): per-court yearly sequences that grow with the filing date."""

from __future__ import annotations

import numpy as np

from xiansuo.synth.columns import SD, join, strings
from xiansuo.synth.regions import court_code, court_name

__all__ = ["CaseNumbers", "court_codes", "court_names"]


def court_codes(courts: np.ndarray) -> np.ndarray:
    """Court codes (川1802, 川18) for court region codes."""
    return _per_court(courts, court_code)


def court_names(courts: np.ndarray) -> np.ndarray:
    """Court names for court region codes."""
    return _per_court(courts, court_name)


def _per_court(courts: np.ndarray, text) -> np.ndarray:
    unique, inverse = np.unique(np.asarray(courts, dtype=np.int64), return_inverse=True)
    return strings([text(int(c)) for c in unique])[inverse]


class CaseNumbers:
    """Hands out case numbers; every call continues where earlier calls left off, so random
    and planted cases never share a number."""

    def __init__(self) -> None:
        self._last: dict[tuple[int, int, str], int] = {}

    def assign(
        self, year: np.ndarray, court: np.ndarray, kind: str, filed: np.ndarray
    ) -> np.ndarray:
        """Number cases of one kind (刑初, 刑终, 执, 执恢), in filing order within each court."""
        year = np.asarray(year, dtype=np.int64)
        court = np.asarray(court, dtype=np.int64)
        n = len(year)
        if n == 0:
            return np.array([], dtype=SD)
        order = np.lexsort((np.asarray(filed), court, year))
        y, c = year[order], court[order]
        new = np.ones(n, dtype=bool)
        new[1:] = (y[1:] != y[:-1]) | (c[1:] != c[:-1])
        starts = np.flatnonzero(new)
        group = np.cumsum(new) - 1
        keys = [(int(y[s]), int(c[s]), kind) for s in starts]
        base = np.array([self._last.get(k, 0) for k in keys], dtype=np.int64)
        sorted_seq = base[group] + np.arange(n) - starts[group] + 1
        for k, last in zip(keys, np.append(starts[1:], n) - 1, strict=True):
            self._last[k] = int(sorted_seq[last])
        seq = np.empty(n, dtype=np.int64)
        seq[order] = sorted_seq
        return join("(", year.astype(SD), ")", court_codes(court), kind, seq.astype(SD), "号")

    def one(self, year: int, court: int, kind: str) -> str:
        """A single new case number."""
        return str(self.assign(np.array([year]), np.array([court]), kind, np.array([0]))[0])
