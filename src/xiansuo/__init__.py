"""xiansuo (线索): graph-based linkage analyzer for legal-supervision leads."""

__version__ = "0.2.0"
