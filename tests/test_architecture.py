"""The package's imports run one way: engines ← model ← parts ← outputs ← pipeline ← explore ← cli."""

from __future__ import annotations

import ast
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "xiansuo"
# Each subpackage (or top-level module) with the layer it sits on; it may import only from
# lower layers. The four parts on layer 2 know nothing of each other, nor do the command line
# and the notebook API on layer 5.
LAYERS = {
    "engines": 0,
    "model": 1,
    "graph_loader": 2, "queries": 2, "analysis": 2, "viz": 2,
    "outputs": 3, "synth": 3,
    "pipeline": 4,
    "explore": 5, "notebook": 5,
    "cli": 6,
}  # fmt: skip


def _part(module: str) -> str | None:
    """The subpackage an absolute ``xiansuo.…`` module name belongs to."""
    parts = module.split(".")
    return parts[1] if parts[0] == "xiansuo" and len(parts) > 1 else None


def import_graph() -> dict[str, set[str]]:
    """Subpackage → the other subpackages its modules import, read from the code."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if len(relative.parts) == 1:
            continue  # xiansuo/__init__.py: the version, and open_run imported on first use
        owner = relative.parts[0]
        graph[owner]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                part = _part(name)
                if part and part != owner and part in LAYERS:
                    graph[owner].add(part)
    return graph


def test_every_subpackage_has_a_layer():
    assert set(import_graph()) == set(LAYERS)


def test_imports_have_no_cycle():
    try:
        list(TopologicalSorter(import_graph()).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None


def test_imports_only_go_down_the_layers():
    upward = [
        f"{owner} (layer {LAYERS[owner]}) imports {other} (layer {LAYERS[other]})"
        for owner, others in import_graph().items()
        for other in others
        if LAYERS[other] >= LAYERS[owner]
    ]
    assert upward == []


def test_the_checker_sees_a_cycle():
    """The graph above is read from the code: a module importing upward is found."""
    graph = import_graph()
    graph["model"].add("cli")
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError:
        return
    raise AssertionError("a cycle model -> cli -> … -> model went unnoticed")
