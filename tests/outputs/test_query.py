"""`xiansuo query` and the notebook API: the same checked, read-only, capped, masked rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import xiansuo
from xiansuo.cli import app
from xiansuo.model.masking import mask_id
from xiansuo.notebook import QueryNotRun, QueryWarning

runner = CliRunner(env={"XIANSUO_LANG": "en"})
# The example: defendants who are on the low-income roster.
DEFENDANTS_ON_LOW_INCOME = """
MATCH (p:Person)-[:PARTY_IN {role: '被告人'}]->(c:Case)
MATCH (p)-[:RECEIVES]->(s:LowIncomePeriod)
WHERE s.start_date_day <= $as_of_day
RETURN p.id_no AS person, p.name AS name, c.case_no AS case, s.category AS category
ORDER BY case, person
"""


def query(out: Path, text: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", "--out", str(out), text, *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_shell_and_the_notebook_give_the_same_rows(_sample_run: Path) -> None:
    code, out, err = query(_sample_run, DEFENDANTS_ON_LOW_INCOME, "-p", "as_of=2025-06-30",
                           "--format", "json")  # fmt: skip
    assert code == 0, err
    shell = json.loads(out)
    run = xiansuo.open_run(_sample_run)
    frame = run.query(DEFENDANTS_ON_LOW_INCOME, as_of=dt.date(2025, 6, 30))
    assert shell and frame.to_dict("records") == shell
    assert list(frame.columns) == ["person", "name", "case", "category"]
    # Masked by value: never a whole ID number, in either.
    assert all(row["person"] == mask_id(row["person"]) and "*" in row["person"] for row in shell)
    assert "1 row" in err or f"{len(shell)} rows" in err


def test_unmasked_on_request_and_as_csv_safe_for_spreadsheets(_sample_run: Path) -> None:
    code, out, _ = query(_sample_run, "MATCH (p:Person) RETURN p.id_no AS id, '=1+1' AS probe "
                         "ORDER BY id LIMIT 2", "--format", "csv", "--no-mask")  # fmt: skip
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == ["id", "probe"] and len(rows) == 3
    assert all(len(row[0]) == 18 and "*" not in row[0] for row in rows[1:])
    assert all(row[1] == "'=1+1" for row in rows[1:])  # a formula shows as text


def test_a_table_with_the_findings_on_stderr(_sample_run: Path) -> None:
    text = (
        "MATCH (p:Person)-[r:PARTY_IN]->(c:Case) WHERE r.penalty = '罚金' RETURN c.case_no AS case"
    )
    code, out, err = query(_sample_run, text)
    assert code == 0
    assert "case" in out and "罚金" not in out
    column = text.index("'罚金'") + 1
    assert f"1:{column}: error [values] r.penalty = '罚金' can never be true" in " ".join(
        err.split()
    )
    assert "0 rows" in err


def test_an_unsafe_query_is_refused_and_nothing_runs(_sample_run: Path) -> None:
    code, out, err = query(_sample_run, "MATCH (p:Person) SET p.flagged = true RETURN count(p)")
    assert code == 2 and out.count("flagged") == 0
    assert "the query may not run: rules are read-only: SET writes to the graph" in " ".join(
        (out + err).split()
    )
    code, out, _ = query(_sample_run, "MATCH (p:Person {flagged: true}) RETURN count(p) AS n",
                         "--format", "json")  # fmt: skip
    assert json.loads(out) == [{"n": 0}]


def test_parameters_are_typed_by_what_the_query_compares_them_with(_sample_run: Path) -> None:
    # A region code looks like a number but is text; months are a number; as_of a date.
    text = (
        "MATCH (p:Person)-[r:PARTY_IN]->(c:Case) WHERE c.region_code = $code "
        "AND r.sentence_months >= $months AND c.filed_date_day <= $as_of_day "
        "RETURN count(*) AS n, $code AS code, $months AS months, $as_of AS as_of"
    )
    args = ["-p", "code=511802", "-p", "months=6", "-p", "as_of=2025-06-30", "--format", "json"]
    code, out, err = query(_sample_run, text, *args)
    assert code == 0, err
    (row,) = json.loads(out)
    assert (row["code"], row["months"], row["as_of"]) == ("511802", 6, "2025-06-30")
    assert row["n"] > 0
    bad = runner.invoke(app, ["query", "--out", str(_sample_run), text, "-p", "code"])
    assert bad.exit_code == 2 and "--param takes NAME=VALUE" in bad.output


def test_the_cap_cuts_and_says_so(_sample_run: Path) -> None:
    code, out, err = query(_sample_run, "MATCH (c:Case) RETURN c.case_no AS case", "--max-rows",
                           "3", "--format", "json")  # fmt: skip
    assert code == 0 and len(json.loads(out)) == 3
    assert "only the first 3 rows are shown" in " ".join(err.split())
    frame = xiansuo.open_run(_sample_run).query("MATCH (c:Case) RETURN c.case_no AS case",
                                                max_rows=3)  # fmt: skip
    assert len(frame) == 3 and frame.attrs["truncated"] is True


def test_a_folder_without_a_run_is_refused(tmp_path: Path) -> None:
    code, out, err = query(tmp_path / "nothing", "MATCH (n) RETURN count(n) AS n")
    assert code == 2 and "no finished run" in " ".join((out + err).split())
    assert not (tmp_path / "nothing").exists()


def test_the_notebook_warns_and_refuses_as_the_shell_does(_sample_run: Path) -> None:
    run = xiansuo.open_run(_sample_run, lang="en")
    with pytest.warns(QueryWarning, match=r"\[names\] Case has no property cuase"):
        frame = run.query("MATCH (c:Case) RETURN c.cuase AS cause LIMIT 1")
    assert frame["cause"].isna().all()
    with pytest.raises(QueryNotRun, match="SET writes to the graph"):
        run.query("MATCH (p:Person) SET p.flagged = true")
