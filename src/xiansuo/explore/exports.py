"""Exports of the view on screen, into ``OUT/exports/``: the picture (PNG), a page that works
alone and offline like the lead pages (HTML), and the records shown as a workbook (XLSX).

File names hold the time and the lead's short id, never an ID number.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from xiansuo.explore.views import Drawing
from xiansuo.model.files import atomic_open, atomic_write
from xiansuo.model.masking import ID_RUN, mask_ids
from xiansuo.model.subgraph import Subgraph
from xiansuo.model.texts import text
from xiansuo.outputs.excel import sheet_name
from xiansuo.viz.page import render_page

__all__ = [
    "KINDS",
    "MAX_PNG_BYTES",
    "ExportRefused",
    "Kind",
    "export_html",
    "export_path",
    "export_png",
    "export_sheet",
]

Kind = Literal["png", "html", "xlsx"]
KINDS: tuple[Kind, ...] = ("png", "html", "xlsx")
MAX_PNG_BYTES = 40 * 2**20
_PNG = b"\x89PNG\r\n\x1a\n"
_SAFE_STEM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


class ExportRefused(ValueError):
    """What was sent to export is not what it claims to be."""


def export_path(folder: Path, stem: str, kind: Kind) -> Path:
    """A new file in ``folder``: the time, then ``stem`` (letters, digits and dashes only,
    never an ID number: a file's name is not masked where it is listed)."""
    safe = "".join(c for c in stem.lower() if c in _SAFE_STEM)[:40]
    safe = ID_RUN.sub("", safe).strip("-") or "view"
    # Underscores, as a dash would join the time's digits into something masked like an ID.
    base = f"{dt.datetime.now():%Y%m%d_%H%M%S}_{safe}"
    path, n = folder / f"{base}.{kind}", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.{kind}", n + 1
    return path


def export_png(folder: Path, stem: str, data: str) -> Path:
    """The picture the browser drew, sent as base64 (a ``data:image/png`` URL or bare)."""
    try:
        image = base64.b64decode(data.partition("base64,")[2] or data, validate=True)
    except (binascii.Error, ValueError):
        raise ExportRefused("not base64") from None
    if not image.startswith(_PNG) or len(image) > MAX_PNG_BYTES:
        raise ExportRefused("not a PNG image, or too large")
    return atomic_write(export_path(folder, stem, "png"), image)


def export_html(
    folder: Path,
    stem: str,
    found: Subgraph,
    drawing: Drawing,
    positions: Mapping[str, tuple[float, float]],
    *,
    mask: bool,
) -> Path:
    """The view as one self-contained page (vis-network inlined), drawn where it is on screen."""
    return render_page(
        found,
        export_path(folder, stem, "html"),
        drawing.vocabulary,
        mask=mask,
        max_nodes=max(len(found.nodes), 1),
        lang=drawing.lang,
        positions=positions,
    )


def _cells(values: list[Any], mask: bool) -> list[Any]:
    return [mask_ids(v) if mask and isinstance(v, str) else v for v in values]


def export_sheet(folder: Path, stem: str, found: Subgraph, drawing: Drawing, *, mask: bool) -> Path:
    """The view's records: one sheet per kind of node, each property under its column's
    name and where it came from, and one sheet of the relationships between them."""
    book = Workbook()
    book.remove(book.worksheets[0])
    used: set[str] = set()
    by_label: dict[str, list[list[list[str]]]] = {}
    for _, node in sorted(found.nodes.items()):
        by_label.setdefault(node.label, []).append(drawing.rows(node.label, node.properties))
    for label, records in sorted(by_label.items()):
        _sheet(book, drawing.vocabulary.label_name(label, drawing.lang), used, records, mask)
    names = {
        key: drawing.node(node)["label"].replace("\n", " ") for key, node in found.nodes.items()
    }
    relationships = [
        [
            [text("explore.from", drawing.lang), names.get(e.source, "")],
            [text("explore.to", drawing.lang), names.get(e.target, "")],
            [text("page.type", drawing.lang), drawing.vocabulary.type_name(e.type, drawing.lang)],
            *drawing.rows(e.type, e.properties),
        ]
        for e in found.edges
    ]
    _sheet(book, text("explore.relationships", drawing.lang), used, relationships, mask)
    path = export_path(folder, stem, "xlsx")
    with atomic_open(path, "wb") as file:
        book.save(file)
    return path


def _sheet(
    book: Workbook, title: str, used: set[str], records: list[list[list[str]]], mask: bool
) -> None:
    sheet = book.create_sheet(sheet_name(title, used))
    columns: list[str] = []
    for record in records:
        columns += [name for name, _ in record if name not in columns]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records:
        values = dict((name, value) for name, value in record)
        sheet.append(_cells([values.get(column, "") for column in columns], mask))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # data is text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index in range(1, len(columns) + 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 18
    sheet.freeze_panes = "A2"
