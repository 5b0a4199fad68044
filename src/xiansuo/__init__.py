"""xiansuo (线索): graph-based linkage analyzer for legal-supervision leads.

``xiansuo.open_run(OUT)`` opens a run folder for a notebook (``xiansuo.notebook``); it is
imported on first use, so that ``import xiansuo`` stays light.
"""

from typing import Any

__version__ = "0.2.0"


def __getattr__(name: str) -> Any:
    if name == "open_run":
        from xiansuo.notebook import open_run

        return open_run
    raise AttributeError(f"module 'xiansuo' has no attribute {name!r}")
