"""The report as a PDF beside the HTML: the same blocks, laid out on A4 by fpdf2.

fpdf2 is pure Python (its wheel needs no system library, unlike WeasyPrint's
pango), so ``pip install alignsim`` is enough on a fresh machine, offline. The
text is set in DejaVu Sans, the font matplotlib ships, so any character a
scenario's description holds can be drawn; figures are the run's own PNGs.
The file carries no creation date: the same report gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from alignsim.outputs.report import DASH, Interval, Report, read_regular

__all__ = ["to_pdf"]

FONT = "DejaVu"
MONO = "DejaVuMono"
FONT_FILES = {
    (FONT, ""): "DejaVuSans.ttf",
    (FONT, "B"): "DejaVuSans-Bold.ttf",
    (MONO, ""): "DejaVuSansMono.ttf",
}
BODY, SMALL, HEADING, TITLE = 10.5, 8.5, 14, 18
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def _fonts_folder() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _Document(FPDF):
    """A4 portrait with page numbers in the footer."""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", SMALL)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.page_no()}", align="C")
        self.set_text_color(0)


def _new_document(title: str) -> _Document:
    pdf = _Document(format="A4")
    pdf.set_creation_date(FIXED_DATE)  # reproducible bytes: no clock in the file
    pdf.set_title(title)
    pdf.set_creator("alignsim")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    for (family, style), name in FONT_FILES.items():
        pdf.add_font(family, style, str(_fonts_folder() / name))
    pdf.add_page()
    return pdf


def _cell(cell: Any) -> str:
    if isinstance(cell, Interval):
        return cell.mean + (f"\n{cell.low} to {cell.high}" if cell.low else "") + cell.note
    return str(cell)


def _table(pdf: _Document, header: list[str], rows: list[list[Any]]) -> None:
    pdf.set_font(FONT, "", SMALL)
    numeric = [
        all(isinstance(row[i], Interval) or row[i] == DASH or _is_number(row[i]) for row in rows)
        for i in range(len(header))
    ]
    align = ["RIGHT" if n else "LEFT" for n in numeric]
    texts = [[_cell(c) for c in row] for row in rows]
    with pdf.table(
        text_align=align,
        line_height=4.2,
        padding=PADDING,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        width=pdf.epw,
        col_widths=column_widths(pdf, header, texts),
    ) as table:
        table.row(header)
        for row in texts:
            table.row(row)
    pdf.ln(3)


PADDING = 1.2
"""Millimetres inside each side of a table cell."""


def column_widths(pdf: FPDF, header: list[str], rows: list[list[str]]) -> tuple[float, ...]:
    """Column widths sized to their content, filling the page's width, as a browser does.

    Three widths per column, each wanted more than the next: its longest word
    (a word is never split while the page has room), its longest cell on one
    line, and its heading on one line too. The columns get the most of these
    that the page holds; the width left over goes towards the next, to the
    columns that lack least first (a short heading on one line rather than
    every heading on two).
    """

    def widest(texts: list[str], style: str, whole_lines: bool) -> float:
        pdf.set_font(FONT, style, SMALL)
        parts = [p for t in texts for p in (t.split("\n") if whole_lines else t.split())]
        return max((pdf.get_string_width(part) for part in parts), default=0.0)

    edge = 2 * PADDING + 0.6  # padding, and a little air beside the rules
    tiers: list[list[float]] = [[], [], []]
    for i, title in enumerate(header):
        cells = [row[i] for row in rows]
        words = max(widest([title], "B", False), widest(cells, "", False))
        lines = max(words, widest(cells, "", True))
        tiers[0].append(words + edge)
        tiers[1].append(lines + edge)
        tiers[2].append(max(lines, widest([title], "B", True)) + edge)
    pdf.set_font(FONT, "", SMALL)
    room = pdf.epw
    if sum(tiers[0]) >= room:  # even the longest words do not fit: shrink them alike
        return tuple(w * room / sum(tiers[0]) for w in tiers[0])
    if sum(tiers[2]) <= room:  # everything on one line: share the rest alike
        return tuple(w * room / sum(tiers[2]) for w in tiers[2])
    low, high = (tiers[0], tiers[1]) if sum(tiers[1]) > room else (tiers[1], tiers[2])
    widths, spare = list(low), room - sum(low)
    lacking = sorted((h - w, i) for i, (h, w) in enumerate(zip(high, low, strict=True)))
    for number, (lack, i) in enumerate(lacking):  # the columns that lack least are whole first
        share = spare / (len(lacking) - number)
        given = min(lack, share)
        widths[i] += given
        spare -= given
    return tuple(widths)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _figure(pdf: _Document, path: Path) -> None:
    from io import BytesIO

    from PIL import Image

    data = read_regular(path)
    with Image.open(BytesIO(data)) as image:
        ratio = image.height / image.width
    width = pdf.epw
    height = width * ratio
    if height > pdf.eph * 0.9:
        height = pdf.eph * 0.9
        width = height / ratio
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(BytesIO(data), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)
    pdf.ln(4)


def to_pdf(report: Report) -> bytes:
    """Render a report as a PDF document."""
    pdf = _new_document(report.title)
    pdf.set_font(FONT, "B", TITLE)
    pdf.multi_cell(0, 8, report.title)
    pdf.ln(2)
    for kind, payload in report.blocks:
        if kind == "heading":
            if pdf.get_y() > pdf.page_break_trigger - 30:
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font(FONT, "B", HEADING)
            pdf.multi_cell(0, 7, payload)
            pdf.ln(1)
        elif kind == "text":
            pdf.set_font(FONT, "", BODY)
            pdf.multi_cell(0, 5.2, payload)
            pdf.ln(2)
        elif kind == "list":
            pdf.set_font(FONT, "", BODY)
            for item in payload:
                pdf.set_x(pdf.l_margin)
                pdf.cell(5, 5.2, "•")
                pdf.multi_cell(pdf.epw - 5, 5.2, item)
                pdf.ln(1)
            pdf.ln(1)
        elif kind == "table":
            _table(pdf, *payload)
        elif kind == "figure":
            _figure(pdf, Path(payload[0]))
        else:
            pdf.set_font(MONO, "", SMALL)
            pdf.set_fill_color(244, 244, 244)
            pdf.multi_cell(0, 4.4, payload, fill=True, wrapmode="CHAR")
            pdf.ln(2)
    return bytes(pdf.output())
