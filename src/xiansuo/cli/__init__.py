"""The ``xiansuo`` command line: parses arguments, calls the pipeline, prints the results."""

from xiansuo.cli.app import app

__all__ = ["app"]
