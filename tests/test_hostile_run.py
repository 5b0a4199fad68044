"""A hostile run: formula cells, IDs in names and in the wrong columns, malformed IDs, ragged
rows. Every CSV it writes is safe to open in Excel/WPS and reads back exactly; no output a
person reads shows an ID number unmasked (``leads.jsonl`` and ``analysis.json`` are the
machine interface and keep canonical IDs, as the data contract requires)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from graph_loader.tables import synthetic_id, write_table
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.graph_loader.judgements import Judgements
from xiansuo.model.lead import Lead, read_leads
from xiansuo.outputs.register import Register

AS_OF = "2025-06-30"
SRC = Path(__file__).resolve().parents[1] / "src" / "xiansuo"
RULES = SRC / "queries" / "rules"
# The vendored library inlined into a page on request is code, not data.
VENDORED = [p.read_text(encoding="utf-8") for p in sorted((SRC / "viz" / "assets").iterdir())]
FORMULA = "=cmd|'/Ccalc'!A0"
P = synthetic_id(region="511802", born="19800101", seq=123)
Q = synthetic_id(region="510104", born="19850615", seq=457)
ID_AS_NAME = synthetic_id(region="511802", born="19900305", seq=455)  # typed into 姓名
ELSEWHERE = synthetic_id(region="510105", born="19700101", seq=321)  # in the wrong column
WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
Q_WIDE_SPACED = " ".join([Q[:6], Q[6:14], Q[14:]]).translate(WIDE)
MALFORMED = ["51130219761107067", "51130O197611070676", "ID511302197611070676",
             "5113-0219-7611-0706-76"]  # fmt: skip
CASE_A, CASE_B, CASE_C = "(2023)川1802刑初1号", "(2024)川0104刑初2号", "(2024)川0105刑初3号"

# The test's own idea of an ID number left readable: 15 or more digits (or X, or O for a
# zero), ASCII or full width, maybe with single spaces or dashes inside.
_RUN = re.compile(r"[0-9XxOo０-９Ｘｘ](?:[ \u3000\-－]?[0-9XxOo０-９Ｘｘ]){14,}")
_LEAD_ID = re.compile(r"\b[0-9a-f]{16}\b")


def unmasked(text: str) -> list[str]:
    """ID-like runs in ``text`` that nobody masked (lead ids aside)."""
    return [run for run in _RUN.findall(_LEAD_ID.sub("", text))]


def _party(case: str, role: str, name: str, id_no: str, *extra: str) -> list[str]:
    return [case, role, name, id_no, "", "", "有期徒刑", "12", "否", "", "否", "", *extra]


def write_hostile(data: Path, rules: Path) -> None:
    write_table(data, "criminal_cases", [
        [CASE_A, FORMULA, "", "511802", "2023-01-05", "2023-03-01", "2023-03-20"],
        [CASE_B, "+SUM(1,2)", "", "510104", "2024-02-01", "", ""],
        [CASE_C, "@SUM(1)", "", "510105", "2024-03-01", "", ""],
    ])  # fmt: skip
    write_table(data, "case_parties", [
        _party(CASE_A, "被告人", FORMULA, P),
        _party(CASE_B, "被告人", FORMULA, P),
        _party(CASE_A, "被告人", ID_AS_NAME, Q),
        _party(CASE_C, "被告人", ID_AS_NAME, Q_WIDE_SPACED),
        *(_party(CASE_A, "被害人", name, claimed)
          for name, claimed in zip([FORMULA, "乙", "丙", "丁"], MALFORMED, strict=True)),
        _party(CASE_B, "被害人", ELSEWHERE, ""),  # an ID in the name column, none in its own
        _party(CASE_B, "被告人", "戊", P, "多出的一列", ELSEWHERE),  # ragged: pushed right
        [CASE_C, "被害人", "己", "", "", "", "", "", "", "", "", ELSEWHERE],  # in an enum column
    ])  # fmt: skip
    # A rule whose summary names the person by ID.
    rules.mkdir(parents=True)
    text = (RULES / "multi_region_suspect.yaml").read_text(encoding="utf-8")
    text = text.replace("id: multi_region_suspect", "id: hostile_summary")
    text = text.replace(
        "2665219e-8894-4d41-9afd-f1a6df54961e", "0e4a6c1e-8c55-4a4e-9d63-1c1b2f7a9e10"
    )
    text = text.replace('zh: "{name}在', 'zh: "{person}（{name}）在')
    (rules / "hostile_summary.yaml").write_text(text, encoding="utf-8")


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _lead_of_p(out: Path) -> Lead:
    """P's lead of the hostile rule (Q has one too, and leads.jsonl's order is the run's)."""
    return next(x for x in read_leads(out / "leads.jsonl")
                if x.rule == "hostile_summary" and P in x.persons)  # fmt: skip


def _hostile_run(root: Path, *mask: str) -> tuple[Path, list[str]]:
    data, rules, out = root / "data", root / "rules", root / "out"
    write_hostile(data, rules)
    shown = [_invoke("run", "--data", str(data), "--out", str(out), "--rules", str(rules),
                     "--as-of", AS_OF, *mask)]  # fmt: skip
    lead = _lead_of_p(out)
    shown.append(_invoke("leads", "set", lead.lead_id, "--note", "=HYPERLINK(\"x\")",
                         "--assignee", "@检察官甲", "--out", str(out)))  # fmt: skip
    shown.append(_invoke("leads", "list", "--out", str(out)))
    for who in (P, Q):
        shown.append(_invoke("person", who, "--out", str(out), *mask))
    shown.append(_invoke("neighborhood", P, "--out", str(out), *mask))
    shown.append(_invoke("analyze", "--out", str(out), *mask))
    shown.append(_invoke("judge", "--person", P, "--name", FORMULA, "--claimed-id", MALFORMED[0],
                         "--not-same", "--who", "@检察官甲", "--why", "-核对户籍", "--out",
                         str(out)))  # fmt: skip
    # The outputs are rendered again from the finished run, with the register's entries.
    shown.append(_invoke("report", "--out", str(out), *mask))
    return out, shown


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    return _hostile_run(tmp_path_factory.mktemp("hostile"))


def _human_texts(out: Path) -> dict[str, str]:
    """Every output a person reads, as text: pages, report, workbook, register, rejects,
    review, and the JSON reports beside them (none but leads.jsonl and analysis.json holds
    IDs)."""
    texts = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if not path.is_file() or relative.startswith(("graph/", "leads/assets/", "pages/assets")):
            continue
        if path.name in ("leads.jsonl", "analysis.json", "judgements.csv"):
            continue  # the machine interface; judgements.csv names records by their IDs
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            texts[relative] = "\n".join(
                str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
                if cell.value is not None
            )  # fmt: skip
        else:
            text = path.read_text(encoding="utf-8-sig")
            for code in VENDORED:
                text = text.replace(code, "")
            texts[relative] = text
    return texts


def test_no_human_facing_output_shows_an_id(hostile):
    out, shown = hostile
    texts = _human_texts(out)
    assert {"report.html", "leads.xlsx", "lead_register.csv", "rejects.csv",
            "resolution_review.csv"} <= set(texts)  # fmt: skip
    assert any(name.startswith("leads/") for name in texts)
    leaks = {name: unmasked(text) for name, text in texts.items() if unmasked(text)}
    leaks |= {f"cli {i}": unmasked(text) for i, text in enumerate(shown) if unmasked(text)}
    assert not leaks


def test_the_hostile_values_are_there_masked(hostile):
    # The detector above would pass on outputs that lost the values: they are there, masked.
    out, _ = hostile
    texts = _human_texts(out)
    masked = ID_AS_NAME[:4] + "*" * 10 + ID_AS_NAME[-4:]
    assert masked in texts["report.html"] and masked in texts["leads.xlsx"]
    assert P[:4] + "*" * 10 + P[-4:] in texts["lead_register.csv"]  # {person} in a summary
    assert "5113*********7067" in "".join(t for n, t in texts.items() if n.startswith("leads/"))
    rejects = texts["rejects.csv"]
    assert "多出的一列" in rejects and ELSEWHERE[:4] + "*" * 10 in rejects


def test_without_masking_the_ids_show(tmp_path):
    out, shown = _hostile_run(tmp_path, "--no-mask")
    texts = _human_texts(out)
    assert ID_AS_NAME in texts["report.html"] and P in texts["leads.xlsx"]
    # The register is handed on and kept across runs: its summaries stay masked.
    assert P not in texts["lead_register.csv"]
    assert "51130O197611070676" in "".join(t for n, t in texts.items() if n.startswith("leads/"))
    assert ELSEWHERE in texts["rejects.csv"] and any(P in text for text in shown)


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_every_csv_is_safe_in_a_spreadsheet(hostile):
    out, _ = hostile
    written = sorted(out.rglob("*.csv"))
    assert {p.name for p in written} == {
        "rejects.csv", "resolution_review.csv", "lead_register.csv", "judgements.csv",
    }  # fmt: skip
    for path in written:
        cells = _cells(path)
        assert cells, path
        risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert not risky, (path.name, risky[:3])
    # The hostile values did reach each file, neutralised.
    assert any(c.startswith("'=cmd") for c in _cells(out / "lead_register.csv"))
    assert any(c.startswith("'=cmd") for c in _cells(out / "resolution_review.csv"))
    assert any(c.startswith("'=cmd") for c in _cells(out / "judgements.csv"))
    assert any(c == "'@检察官甲" for c in _cells(out / "lead_register.csv"))


def test_register_and_judgements_read_back_what_they_wrote(hostile, tmp_path):
    out, _ = hostile
    register = Register(out / "lead_register.csv")
    entry = register.entries[_lead_of_p(out).lead_id]
    assert (entry.note, entry.assignee) == ('=HYPERLINK("x")', "@检察官甲")
    assert re.match(r"\d{4}\*{10}\w{4}（", entry.summary), entry.summary  # the person, masked
    # Saved again, the file is the same: nothing doubles its apostrophe.
    copy = Path(shutil.copy(out / "lead_register.csv", tmp_path / "lead_register.csv"))
    Register(copy).save()
    assert copy.read_bytes() == (out / "lead_register.csv").read_bytes()
    judgements = Judgements.read(out / "judgements.csv")
    assert judgements.not_same(MALFORMED[0], FORMULA) == {P}
