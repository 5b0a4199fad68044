"""Ingestion of source tables into the graph through declarative mapping files."""

from xiansuo.graph_loader.loader import DEFAULT_BATCH, load_tables
from xiansuo.graph_loader.report import LoadReport

__all__ = ["DEFAULT_BATCH", "LoadReport", "load_tables"]
