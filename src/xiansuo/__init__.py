"""xiansuo (线索): graph-based linkage analyzer for legal-supervision leads."""

__version__ = "0.1.0"
