"""Puts tools/bundle on sys.path: its modules are scripts beside make_bundle.py, not a package."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "bundle"))
