"""The census before a load: the names each valid identifier is written with, in all tables.

An identifier written under several different names is not one person's: a placeholder
(``000000190001010017``, a clerk's dummy that passes the checksum) or an ID copied onto
the wrong row. Entity resolvers call this a generic identifier and never merge on it. One
person's name may still be written two ways (with or without the middle dot, a mistyped
character), so an ID is generic when it goes with three or more names (the middle dot
aside), or with two that are not ``near_equal``.
"""

from __future__ import annotations

from collections.abc import Iterator

from xiansuo.graph_loader.names import near_equal

__all__ = ["GENERIC", "Census"]

GENERIC = "generic_id"


class Census:
    """Names by canonical identifier, and which identifiers are generic."""

    def __init__(self) -> None:
        # Most identifiers go with one name: a set only for those with more.
        self._first: dict[str, str] = {}
        self._more: dict[str, set[str]] = {}
        self._generic: frozenset[str] | None = None

    def add(self, identifier: str, name: str) -> None:
        first = self._first.setdefault(identifier, name)
        if first != name:
            self._more.setdefault(identifier, {first}).add(name)
            self._generic = None

    def names(self, identifier: str) -> set[str]:
        """The names ``identifier`` was written with."""
        if identifier in self._more:
            return self._more[identifier]
        return {self._first[identifier]} if identifier in self._first else set()

    def shared(self) -> Iterator[tuple[str, set[str]]]:
        """Identifiers written with more than one name, in order."""
        for identifier in sorted(self._more):
            yield identifier, self._more[identifier]

    def is_generic(self, identifier: str) -> bool:
        """Whether ``identifier`` stands for several people (see the module's rule)."""
        if self._generic is None:
            self._generic = frozenset(i for i, names in self._more.items() if _generic(names))
        return identifier in self._generic


def _generic(names: set[str]) -> bool:
    written = {name.replace("·", "") for name in names}  # the dot is no other name
    if len(written) != 2:
        return len(written) > 2
    a, b = written
    return not near_equal(a, b)
