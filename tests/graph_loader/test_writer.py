"""The pipelined writer keeps order and surfaces the engine's first error in the caller."""

from __future__ import annotations

import pytest

from xiansuo.graph_loader.writer import PipelinedWriter


class _Engine:
    name = "fake"

    def __init__(self, fail_on: int | None = None) -> None:
        self.batches: list[tuple] = []
        self.fail_on = fail_on

    def write(self, statement, rows, params=None):
        if len(self.batches) == self.fail_on:
            raise RuntimeError("engine refused the batch")
        self.batches.append((statement, list(rows), params))


def test_batches_arrive_in_order():
    engine = _Engine()
    with PipelinedWriter(engine) as out:
        for i in range(20):
            out.write(f"S{i}", [{"i": i}], {"p": i})
    assert [b[0] for b in engine.batches] == [f"S{i}" for i in range(20)]


def test_an_engine_error_reaches_the_caller():
    engine = _Engine(fail_on=3)
    with pytest.raises(RuntimeError, match="refused"), PipelinedWriter(engine) as out:
        for i in range(50):
            out.write("S", [{"i": i}], {})
    assert len(engine.batches) == 3
