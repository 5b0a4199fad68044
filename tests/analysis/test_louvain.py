"""Louvain without running it on groups whose community it is known to be: the same answer."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from xiansuo.analysis.communities import SEED, louvain


def _partition(groups) -> set[frozenset]:
    return {frozenset(g) for g in groups}


def _small_groups(graph: nx.Graph, count: int, rng: random.Random) -> None:
    """``count`` small connected groups (trees with an extra edge or two) and some loners."""
    for g in range(count):
        size = rng.randint(1, 12)
        nodes = [f"g{g}-{i}" for i in range(size)]
        graph.add_nodes_from(nodes)
        for i in range(1, size):
            graph.add_edge(nodes[i], nodes[rng.randrange(i)], weight=rng.randint(1, 3))
        if size > 3:
            graph.add_edge(nodes[0], nodes[-1], weight=1)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_small_groups_are_the_communities_networkx_finds(seed):
    graph: nx.Graph = nx.Graph()
    _small_groups(graph, 400, random.Random(seed))
    expected = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    assert _partition(louvain(graph)) == _partition(expected)
    assert _partition(louvain(graph)) == _partition(nx.connected_components(graph))


def test_a_large_group_still_goes_through_louvain_and_is_split_as_networkx_splits_it():
    graph: nx.Graph = nx.Graph()
    _small_groups(graph, 50, random.Random(7))
    # Two dense groups of 40 joined by one edge: too heavy to be kept whole unexamined.
    for side in "ab":
        graph.add_edges_from(
            ((f"{side}{i}", f"{side}{j}") for i in range(40) for j in range(i)), weight=1
        )
    graph.add_edge("a0", "b0", weight=1)
    found = _partition(louvain(graph))
    expected = _partition(nx.community.louvain_communities(graph, weight="weight", seed=SEED))
    assert found == expected
    assert {frozenset(f"a{i}" for i in range(40)), frozenset(f"b{i}" for i in range(40))} <= found


def test_loners_and_an_empty_graph():
    graph: nx.Graph = nx.Graph()
    assert louvain(graph) == []
    graph.add_nodes_from("xyz")
    assert _partition(louvain(graph)) == {frozenset("x"), frozenset("y"), frozenset("z")}
