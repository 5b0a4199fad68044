"""Errors raised while reading and normalising input tables."""

from __future__ import annotations

__all__ = ["InputError", "ValueRejected"]


class ValueRejected(ValueError):
    """A cell value that cannot be used; the message is the reason shown to a clerk."""


class InputError(RuntimeError):
    """A whole file cannot be loaded (unreadable, wrong encoding, missing column)."""
