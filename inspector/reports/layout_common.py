"""What the three documents share: A4 pages, styles with CJK wrapping, tables whose rows
split across pages, "n / N" page numbers, and the signature block with the QR code.

`render(...)` turns a story into PDF bytes and tells where the signature box landed, so
the signer can put the visible signature field exactly there.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspector.reports.fonts import ensure_font
from inspector.reports.forms import Column, Form
from inspector.reports.qr import qr_image

MARGIN = 18 * mm
SIGNATURE_WIDTH = 72 * mm
SIGNATURE_HEIGHT = 26 * mm
QR_SIZE = 30 * mm
GRID = colors.HexColor("#555555")
HEADER_FILL = colors.HexColor("#E8E8E8")
MARK = colors.HexColor("#B00020")


@dataclass(frozen=True)
class SignatureBox:
    """Where the signature field goes: 0-based page index and the box in PDF points."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    signature_box: SignatureBox | None
    pages: int


class Styles:
    """Paragraph styles for one language (CJK wrapping for Japanese)."""

    def __init__(self, lang: str) -> None:
        font = ensure_font()
        wrap = "CJK" if lang == "ja" else None
        base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=14, wordWrap=wrap)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=11)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=12)
        self.cell_center = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)
        self.head = ParagraphStyle("head", parent=self.cell, alignment=TA_CENTER)
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=15, leading=22, alignment=TA_CENTER, spaceAfter=8
        )
        self.section = ParagraphStyle(
            "section", parent=base, fontSize=10.5, leading=16, spaceBefore=8, spaceAfter=3
        )
        self.right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.left = ParagraphStyle("left", parent=base, alignment=TA_LEFT)
        self.mark = ParagraphStyle("mark", parent=base, textColor=MARK)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, newlines kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def marked(text: str, style: ParagraphStyle, color: Any = MARK) -> Paragraph:
    return Paragraph(f'<font color="{color.hexval()}">{escape(text)}</font>', style)


def page_size(form: Form) -> tuple[float, float]:
    return landscape(A4) if form.orientation == "landscape" else A4


def content_width(form: Form) -> float:
    return page_size(form)[0] - 2 * MARGIN


def grid_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    width: float,
    styles: Styles,
    extra_style: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table with a repeated heading row; every cell wraps, rows split across pages."""
    total = sum(c.width for c in columns)
    widths = [width * c.width / total for c in columns]
    data: list[list[Any]] = [[para(c.heading, styles.head) for c in columns]]
    for row in rows:
        data.append(
            [
                cell if isinstance(cell, Flowable | list) else para(str(cell), styles.cell)
                for cell in row
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *extra_style,
            ]
        )
    )
    return table


def label_table(pairs: Sequence[tuple[str, str]], width: float, styles: Styles) -> Table:
    """Two columns, label and value, for the overview of a document."""
    data = [[para(k, styles.cell), para(v, styles.cell)] for k, v in pairs]
    table = Table(data, colWidths=[width * 0.25, width * 0.75], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


class _SignatureSlot(Flowable):
    """An empty framed box; records its absolute position when drawn."""

    def __init__(self, placeholder: str, styles: Styles) -> None:
        super().__init__()
        self.width = SIGNATURE_WIDTH
        self.height = SIGNATURE_HEIGHT
        self.placeholder = placeholder
        self.font = styles.small.fontName
        self.box: SignatureBox | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.5)
        canv.rect(0, 0, self.width, self.height)
        canv.setFont(self.font, 8)
        canv.setFillColor(colors.grey)
        canv.drawCentredString(self.width / 2, self.height / 2 - 3, self.placeholder)
        canv.restoreState()
        x, y = canv.absolutePosition(0, 0)
        self.box = SignatureBox(canv.getPageNumber() - 1, x, y, x + self.width, y + self.height)


def signature_block(
    form: Form, payload: str, styles: Styles, width: float
) -> tuple[Flowable, _SignatureSlot]:
    """Heading, note, signature box and QR code, kept together on one page."""
    slot = _SignatureSlot(form.text("signature_placeholder"), styles)
    png = io.BytesIO()
    qr_image(payload).save(png, format="PNG")
    png.seek(0)
    qr = Image(png, width=QR_SIZE, height=QR_SIZE)
    note_width = width - SIGNATURE_WIDTH - QR_SIZE - 6 * mm
    table = Table(
        [[para(form.text("signature_note"), styles.small), slot, qr]],
        colWidths=[note_width, SIGNATURE_WIDTH + 4 * mm, QR_SIZE + 2 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    block = KeepTogether(
        [Spacer(1, 4 * mm), para(form.text("signature_heading"), styles.section), table]
    )
    return block, slot


def _canvas_class(form: Form, doc_id: str, font: str, stamp: str | None = None) -> type[Canvas]:
    """A canvas that waits for the last page to print "n / N" and the document id (and a
    draft's stamp, 案, on every page)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                width, _height = self._pagesize
                self.setFont(font, 8)
                self.setFillColor(colors.black)
                self.drawCentredString(
                    width / 2,
                    MARGIN / 2,
                    form.text("page", page=self._pageNumber, pages=total),
                )
                self.setFillColor(colors.grey)
                self.drawRightString(width - MARGIN, MARGIN / 2, doc_id)
                if stamp:
                    _draw_stamp(self, stamp, font)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _draw_stamp(canv: Canvas, stamp: str, font: str) -> None:
    """A framed red mark in the top right corner (案 on a draft)."""
    width, height = canv._pagesize
    size = 16
    box = canv.stringWidth(stamp, font, size) + 8
    canv.saveState()
    canv.setStrokeColor(MARK)
    canv.setFillColor(MARK)
    canv.setLineWidth(1.2)
    canv.rect(width - MARGIN - box, height - MARGIN / 2 - size, box, size + 6)
    canv.setFont(font, size)
    canv.drawCentredString(width - MARGIN - box / 2, height - MARGIN / 2 - size + 4, stamp)
    canv.restoreState()


def render(
    story: list[Flowable],
    form: Form,
    *,
    doc_id: str,
    title: str,
    author: str,
    keywords: str,
    slot: _SignatureSlot | None,
    invariant: bool = False,
    stamp: str | None = None,
) -> RenderedPdf:
    """Lay out the story on A4 pages; returns the bytes and the signature box."""
    font = ensure_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page_size(form),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject=form.title,
        keywords=keywords,
        creator="inspector",
        lang=form.lang,
        invariant=1 if invariant else 0,
    )
    doc.build(story, canvasmaker=_canvas_class(form, doc_id, font, stamp))
    data = buffer.getvalue()
    return RenderedPdf(data=data, signature_box=slot.box if slot else None, pages=doc.page)


__all__ = [
    "RenderedPdf",
    "SignatureBox",
    "Styles",
    "content_width",
    "grid_table",
    "label_table",
    "marked",
    "para",
    "render",
    "signature_block",
]
