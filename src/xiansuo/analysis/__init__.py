"""Network analysis of the loaded graph."""
