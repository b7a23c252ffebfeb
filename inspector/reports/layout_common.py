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

from reportlab.lib import colors
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
from inspector.reports.pagination import (
    GridTable,
    fitted_widths,
    hold_headings,
    keep_with_tail,
)
from inspector.reports.qr import qr_image
from inspector.reports.typesetting import (
    BODY_SIZE,
    FRAME_PADDING,
    TextStyles,
    cell,
    markup,
    paragraph,
    rich,
)

MARGIN = 18 * mm
SIGNATURE_WIDTH = 72 * mm
SIGNATURE_HEIGHT = 26 * mm
QR_SIZE = 30 * mm
GRID = colors.HexColor("#555555")
HEADER_FILL = colors.HexColor("#E8E8E8")
MARK = colors.HexColor("#B00020")
CELL_PAD = 3
SHORT_NOTE = 120  # characters of markup: a note or request kept with the closing
FOOTER_SIZE = 8


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


class Styles(TextStyles):
    """Paragraph styles for one language (Japanese line breaking, readable sizes)."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.small = self.note
        self.mark = ParagraphStyle("mark", parent=self.body, textColor=MARK)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, newlines and full-width
    spaces kept."""
    return paragraph(text, style)


def marked(text: str, style: ParagraphStyle, color: Any = MARK) -> Paragraph:
    return rich(f'<font color="{color.hexval()}">{markup(text)}</font>', style)


def page_size(form: Form) -> tuple[float, float]:
    return landscape(A4) if form.orientation == "landscape" else A4


def content_width(form: Form) -> float:
    """The width a table may take: inside the margins and the frame's own padding (a
    wider table is pushed out of line and its columns move from page to page)."""
    return page_size(form)[0] - 2 * MARGIN - 2 * FRAME_PADDING


def grid_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    width: float,
    styles: Styles,
    extra_style: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table with a repeated heading row; every cell wraps, rows split across pages."""
    total = sum(c.width for c in columns)
    data: list[list[Any]] = [[para(c.heading, styles.head) for c in columns]]
    data += [[cell(value, styles.cell) for value in row] for row in rows]
    widths = fitted_widths([width * c.width / total for c in columns], data, 2 * CELL_PAD)
    table = GridTable(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                *extra_style,
            ]
        )
    )
    return table


def label_table(pairs: Sequence[tuple[str, str]], width: float, styles: Styles) -> Table:
    """Two columns, label and value, for the overview of a document."""
    data = [[para(k, styles.cell), para(v, styles.cell)] for k, v in pairs]
    widths = fitted_widths([width * 0.25, width * 0.75], data, 2 * CELL_PAD, heading_rows=0)
    table = GridTable(data, colWidths=widths, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
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
        canv.setFont(self.font, BODY_SIZE)
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
        [[para(form.text("signature_note"), styles.body), slot, qr]],
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
    block._closing = True  # type: ignore[attr-defined]  # see _hold_closing
    return block, slot


def _hold_closing(story: list[Flowable]) -> list[Flowable]:
    """The signature block and what follows it (以上) kept with the content before them,
    so that no page holds only the signature or only 以上."""
    start = next((i for i, f in enumerate(story) if getattr(f, "_closing", False)), len(story) - 1)
    # a short note or request just before the closing goes with it, so the page that
    # holds the closing also holds the end of the text (a table's last row)
    notes = 0
    while start > 0:
        before = story[start - 1]
        if isinstance(before, Spacer):
            start -= 1
        elif isinstance(before, Paragraph) and notes < 2 and len(before.text) <= SHORT_NOTE:
            notes += 1
            start -= 1
        else:
            break
    if start <= 0:
        return story
    return keep_with_tail(story[:start], story[start:])


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
                self.setFont(font, FOOTER_SIZE)
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
    doc.build(
        hold_headings(_hold_closing(story)), canvasmaker=_canvas_class(form, doc_id, font, stamp)
    )
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
