"""Cypher rule library: linting and (later) rules."""
