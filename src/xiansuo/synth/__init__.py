"""Synthetic data for demos, tests and benchmarks: the nine contract tables, planted leads."""

from xiansuo.synth.generator import AS_OF, GenerationSummary, generate

__all__ = ["AS_OF", "GenerationSummary", "generate"]
