"""The bundle builder's modules (tools/bundle) importable by the tests beside this file."""

from __future__ import annotations

import sys
from pathlib import Path

BUNDLE_TOOLS = Path(__file__).resolve().parents[2] / "tools" / "bundle"
sys.path.insert(0, str(BUNDLE_TOOLS))
