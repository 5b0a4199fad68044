"""What a command works on: the vocabulary, the rules, the run folder and the graph engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from xiansuo.engines import GraphEngine, open_engine
from xiansuo.model.run_folder import DEFAULT_OUT, RunFolder
from xiansuo.model.vocabulary import Vocabulary
from xiansuo.queries.rule import Rule, load_rules

__all__ = ["Project"]


@dataclass(frozen=True, eq=False)
class Project:
    """Built once per command from its options; everything else asks it.

    ``graph`` overrides the run folder's embedded graph file; ``neo4j_uri``, when given,
    replaces the embedded graph with a Neo4j database.
    """

    vocabulary: Vocabulary = field(default_factory=Vocabulary.load)
    rule_dirs: tuple[Path, ...] = ()
    run: RunFolder = field(default_factory=lambda: RunFolder(DEFAULT_OUT))
    graph: Path | None = None
    neo4j_uri: str | None = None

    @classmethod
    def open(
        cls,
        out: Path = DEFAULT_OUT,
        *,
        mappings: Iterable[Path] = (),
        rules: Iterable[Path] = (),
        graph: Path | None = None,
        neo4j_uri: str | None = None,
    ) -> Project:
        """The project of an output folder, with extra mapping and rule folders."""
        return cls(Vocabulary.load(mappings), tuple(rules), RunFolder(out), graph, neo4j_uri)

    @cached_property
    def rules(self) -> list[Rule]:
        """The built-in rules, then those of ``rule_dirs``."""
        return load_rules(self.rule_dirs)

    @property
    def graph_location(self) -> str:
        """Where the graph lives: the Neo4j URI or the embedded file."""
        return self.neo4j_uri or str(self.graph or self.run.graph)

    def engine(self, graph: Path | None = None, *, save: bool = True) -> GraphEngine:
        """The project's graph (Neo4j, else the embedded file; ``graph`` for a scratch one).

        An embedded graph opened with ``save`` off is never written back to its file.
        """
        if self.neo4j_uri:
            return open_engine(neo4j_uri=self.neo4j_uri)
        return open_engine(graph or self.graph or self.run.graph, save=save)
