"""xiansuo in a notebook: ``open_run(OUT)`` gives a run's leads, priorities and register as
pandas DataFrames, ``query(cypher, **params)`` as ``xiansuo query`` runs it, and each lead's
subgraph as a networkx graph or drawn inline (offline).

>>> import xiansuo
>>> run = xiansuo.open_run("xiansuo-out")                      # doctest: +SKIP
>>> run.leads.groupby("rule").size()                           # doctest: +SKIP
>>> run.query("MATCH (c:Case) WHERE c.filed_date_day <= $as_of_day "
...           "RETURN c.case_no AS case", as_of=datetime.date(2025, 6, 30))  # doctest: +SKIP
>>> run.show(run.leads.lead_id[0])                             # doctest: +SKIP

docs/examples/notebook.ipynb walks through it; tests/notebook runs the same calls.
"""

from xiansuo.notebook.graphs import GraphView, from_networkx, to_networkx
from xiansuo.notebook.run import QueryWarning, Run, open_run
from xiansuo.pipeline.adhoc import QueryNotRun

__all__ = [
    "GraphView", "QueryNotRun", "QueryWarning", "Run", "from_networkx", "open_run", "to_networkx",
]  # fmt: skip
