"""The stage sequence of a run, and the project every command works on."""
