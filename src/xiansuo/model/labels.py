"""The labels, relationship types and properties that xiansuo's own code relies on by name.

Everything else in the graph's vocabulary comes from the mapping files (``Vocabulary``);
these few names are what the loader, the analysis and the pages give a meaning of their own.
"""

from __future__ import annotations

__all__ = [
    "ANALYSIS_PROPERTIES", "CASE", "DAY_SUFFIX", "MATCH_PROPERTIES", "NAME",
    "ORGANIZATION", "PARTY_LABELS", "PERSON", "PROVENANCE", "REGION", "SAME_NAME_TYPE",
    "UNRESOLVED",
]  # fmt: skip

PERSON, ORGANIZATION = "Person", "Organization"
# Nodes with these labels (or whose label follows a party identifier) are parties: their
# key goes through entity resolution, and a mention that resolves to nobody becomes an
# unresolved record of its own, which rules asking for a party never match.
PARTY_LABELS = (PERSON, ORGANIZATION)
UNRESOLVED = "UnresolvedParty"
# A party's (and an unresolved record's) name: what people search for.
NAME = "name"
CASE = "Case"
# A region links everything in it: never a tie between people, never expanded wholesale.
REGION = "Jurisdiction"
# Drawn on pages, not stored: an unresolved record bearing a lead person's name.
SAME_NAME_TYPE = "SAME_NAME"

# Every node and relationship records where it came from.
PROVENANCE = ("src_table", "src_file", "src_row")
# A link to a party records how the party was matched and the identifier as written.
MATCH_PROPERTIES = ("match", "claimed_id")
# A date property is also stored as whole days since 1970-01-01 under this suffix, so rules
# compare integers instead of doing date arithmetic (engines disagree on long durations).
DAY_SUFFIX = "_day"
# What the network analysis sets on each person of the co-offender network; rules may use them.
ANALYSIS_PROPERTIES = ("community", "community_size", "community_regions", "degree", "betweenness")
