"""Typesetting checks on a finished PDF, read back with pdfplumber: for any document.

Each function returns the problems it finds as readable strings (empty: none), so a test
can `assert not problems(...)` and see every problem at once:

- `chars_outside_cells`: a character whose box crosses the edge of its table cell;
- `forbidden_line_edges`: a line that starts or ends with a character 禁則 forbids there;
- `lonely_pages`: a page that holds nothing but 以上, the signature block or the like;
- `small_text`: text below the readable sizes (body, tables, figures);
- `empty_table_tails`: a table whose last row on a page is its heading (repeated alone).

Tables are found from their ruled lines (the grids of the documents); a chart's rectangles
are not lines, so they are not taken for tables.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pdfplumber

# the lists: closing marks, 。、，．・：；, the long vowel mark and the small kana
CANNOT_START = "。、，．・：；）」』】ー" + "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
CANNOT_END = "（「『【"
FOOTER_BAND = 14.0  # points above the bottom edge: page numbers and the document id
TOLERANCE = 0.6


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    top: float
    in_cell: bool


def open_pdf(data: bytes) -> Any:
    return pdfplumber.open(io.BytesIO(data))


def _grid_lines(page: Any) -> list[dict[str, Any]]:
    return list(page.lines)


def cells(page: Any) -> list[tuple[float, float, float, float]]:
    """The cells (x0, top, x1, bottom) of the ruled tables on `page`."""
    return [c for table in _tables(page) for c in table.cells if c is not None]


def _tables(page: Any) -> list[Any]:
    lines = _grid_lines(page)
    vertical = [ln for ln in lines if abs(ln["x0"] - ln["x1"]) < 0.5]
    horizontal = [ln for ln in lines if abs(ln["top"] - ln["bottom"]) < 0.5]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
        "intersection_tolerance": 1,
        "snap_tolerance": 1,
    }
    return list(page.find_tables(settings))


def _cell_of(ch: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> Any:
    cx = (ch["x0"] + ch["x1"]) / 2
    cy = (ch["top"] + ch["bottom"]) / 2
    for box in boxes:
        if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
            return box
    return None


def _visible(chars: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (c for c in chars if c["text"].strip())


def chars_outside_cells(pdf: Any) -> list[str]:
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        boxes = cells(page)
        for ch in _visible(page.chars):
            box = _cell_of(ch, boxes)
            if box is None:
                spilled = _spilled_from(ch, boxes)
                if spilled is not None:
                    problems.append(
                        f"page {number}: {ch['text']!r} at x {ch['x0']:.1f}-{ch['x1']:.1f} "
                        f"hangs past its cell {spilled[0]:.1f}-{spilled[2]:.1f}"
                    )
                continue
            if (
                ch["x0"] < box[0] - TOLERANCE
                or ch["x1"] > box[2] + TOLERANCE
                or ch["top"] < box[1] - TOLERANCE
                or ch["bottom"] > box[3] + TOLERANCE
            ):
                problems.append(
                    f"page {number}: {ch['text']!r} at x {ch['x0']:.1f}-{ch['x1']:.1f} "
                    f"crosses its cell {box[0]:.1f}-{box[2]:.1f}"
                )
    return problems


def _spilled_from(ch: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> Any:
    """The cell a character outside every cell sticks to (it was pushed past the edge):
    a cell beside it on its baseline, within a character's width."""
    cy = (ch["top"] + ch["bottom"]) / 2
    for box in boxes:
        if not box[1] <= cy <= box[3]:
            continue
        if box[0] < ch["x0"] <= box[2] + ch["size"] * 0.5 and ch["x1"] > box[2] + TOLERANCE:
            return box
        if box[0] - ch["size"] * 0.5 <= ch["x1"] < box[2] and ch["x0"] < box[0] - TOLERANCE:
            return box
    return None


def lines(pdf: Any) -> list[Line]:
    """The printed lines: characters of one cell (or outside any cell) on one baseline,
    split where a gap wider than two characters separates them."""
    result: list[Line] = []
    for number, page in enumerate(pdf.pages, start=1):
        boxes = cells(page)
        groups: dict[tuple[Any, float], list[dict[str, Any]]] = {}
        for ch in page.chars:
            key = (_cell_of(ch, boxes), round(ch["bottom"]))
            groups.setdefault(key, []).append(ch)
        for (box, _bottom), chars in groups.items():
            chars.sort(key=lambda c: c["x0"])
            run = [chars[0]]
            for ch in chars[1:]:
                if ch["x0"] - run[-1]["x1"] > 2 * ch["size"]:
                    result.append(_line(number, run, box is not None))
                    run = []
                run.append(ch)
            result.append(_line(number, run, box is not None))
    return [ln for ln in result if ln.text]


def _line(page: int, chars: list[dict[str, Any]], in_cell: bool) -> Line:
    text = "".join(c["text"] for c in chars).strip(" \u3000")
    return Line(page, text, chars[0]["top"], in_cell)


def forbidden_line_edges(pdf: Any) -> list[str]:
    problems = []
    for line in lines(pdf):
        if line.text[0] in CANNOT_START:
            problems.append(f"page {line.page}: line starts with {line.text[0]}: {line.text}")
        if line.text[-1] in CANNOT_END:
            problems.append(f"page {line.page}: line ends with {line.text[-1]}: {line.text}")
    return problems


def page_text(page: Any) -> str:
    """The text of a page without its footer (page number, document id)."""
    body = page.crop((0, 0, page.width, page.height - FOOTER_BAND * 2.5))
    return "".join((body.extract_text() or "").split())


def lonely_pages(pdf: Any, tail_texts: Iterable[str] = ("以上",)) -> list[str]:
    """Pages that hold nothing but the given closing texts (以上, the signature block's
    heading, note and placeholder)."""
    closing = sorted(("".join(t.split()) for t in tail_texts), key=len, reverse=True)
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        rest = page_text(page)
        if not rest:
            continue
        for text in closing:
            rest = rest.replace(text, "")
        if not rest:
            problems.append(f"page {number} holds only the closing: {page_text(page)}")
    return problems


def _figure_boxes(page: Any) -> list[tuple[float, float, float, float]]:
    """Where the figures are: the extent of the rectangles and curves that are no table's,
    widened by the room their labels take."""
    tables = [t.bbox for t in _tables(page)]

    def in_table(s: dict[str, Any]) -> bool:
        return any(
            b[0] - 1 <= s["x0"] and s["x1"] <= b[2] + 1 and b[1] - 1 <= s["top"] <= b[3] + 1
            for b in tables
        )

    shapes = [
        s
        for s in (*page.rects, *page.curves, *page.lines)
        if s["height"] < page.height * 0.9 and not in_table(s)
    ]
    margin = 16.0
    return [
        (s["x0"] - margin * 3, s["top"] - margin, s["x1"] + margin * 3, s["bottom"] + margin)
        for s in shapes
    ]


def small_text(
    pdf: Any, *, body: float = 10.5, table: float = 9.0, figure: float = 8.0
) -> list[str]:
    """Text below the minimum sizes: `table` in table cells, `figure` in charts, diagrams
    and the footer, `body` anywhere else."""
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        boxes = cells(page)
        figures = _figure_boxes(page)
        loose = []
        for ch in _visible(page.chars):
            size = round(ch["size"], 2)
            if size >= body:
                continue
            if size < figure:
                problems.append(f"page {number}: {ch['text']!r} at {size} pt")
                continue
            if size >= table and _cell_of(ch, boxes) is not None:
                continue
            if ch["bottom"] > page.height - FOOTER_BAND * 2.5:
                continue
            loose.append(ch)
        # a figure's labels and legend lines reach its text below: a small line belongs
        # to a figure when it touches the figure or a line already found to belong to it
        down = sorted(loose, key=lambda c: (round(c["top"]), c["x0"]))
        for ch in [*down, *reversed(down)]:
            if _cell_of(ch, figures) is not None:
                figures.append((ch["x0"] - 16, ch["top"] - 16, ch["x1"] + 16, ch["bottom"] + 16))
        for ch in loose:
            if _cell_of(ch, figures) is None:
                size = round(ch["size"], 2)
                problems.append(f"page {number}: {ch['text']!r} at {size} pt outside a table")
    return problems


def empty_table_tails(pdf: Any, headings: Iterable[str]) -> list[str]:
    """Pages whose last printed line is a table heading (a heading repeated with no row)."""
    wanted = {"".join(h.split()) for h in headings}
    problems = []
    printed = lines(pdf)
    for number in range(1, len(pdf.pages) + 1):
        body = [ln for ln in printed if ln.page == number and ln.in_cell]
        if not body:
            continue
        last_top = max(ln.top for ln in body)
        last = {"".join(ln.text.split()) for ln in body if abs(ln.top - last_top) < 1}
        if last and last <= wanted:
            problems.append(f"page {number} ends with a table heading alone")
    return problems


def all_problems(
    pdf_bytes: bytes, *, tail_texts: Iterable[str] = ("以上",), **sizes: float
) -> list[str]:
    """Every check above on one document."""
    with open_pdf(pdf_bytes) as pdf:
        return [
            *chars_outside_cells(pdf),
            *forbidden_line_edges(pdf),
            *lonely_pages(pdf, tail_texts),
            *small_text(pdf, **sizes),
        ]


__all__ = [
    "CANNOT_END",
    "CANNOT_START",
    "Line",
    "all_problems",
    "cells",
    "chars_outside_cells",
    "empty_table_tails",
    "forbidden_line_edges",
    "lines",
    "lonely_pages",
    "open_pdf",
    "page_text",
    "small_text",
]
