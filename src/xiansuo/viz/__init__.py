"""Lead subgraphs rendered for investigators."""
