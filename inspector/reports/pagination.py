"""Pagination shared by every PDF: tables whose rest starts the next page under the
repeated heading, column widths that fit their dates and words, the closing (signature
block, 以上) never alone on a page, and "n / N" page numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, FrameBreak, Paragraph, Table
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.rl_config import _FUZZ

from inspector.reports.typesetting import CHART_SIZE, HEADING_WORD, break_opportunities


class GridTable(Table):
    """A table whose continuation always starts a new page, under its repeated heading.

    Left to itself, reportlab lays the rest of a split table into the space left on the
    same page when a row can be split there: the heading appears again mid-page, above a
    piece of a row (the "second table started mid-page")."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            _close_bottom(parts[0], self)
            return [parts[0], FrameBreak(), parts[1]]
        return list(parts)


def _close_bottom(part: Flowable, whole: Table) -> None:
    """The grid's bottom line under the first part: reportlab leaves a row split inside
    (splitInRow) open at the page's foot, as if its text ran out of the cell."""
    grid = next((c for c in getattr(whole, "_linecmds", ()) if c[0] in ("GRID", "BOX")), None)
    if grid is not None and isinstance(part, Table):
        part.setStyle([("LINEBELOW", (0, -1), (-1, -1), grid[3], grid[4])])


class KeepWithTail(Flowable):
    """`content` followed by `tail` (the signature block, 以上), never leaving the tail
    alone on a page: when the tail does not fit after the content, the content's last
    part (a table's last row with its repeated heading, a paragraph's last lines) moves
    to the next page with it."""

    def __init__(self, content: Flowable, tail: Sequence[Flowable]) -> None:
        super().__init__()
        self.content = content
        self.tail = list(tail)
        self._deferred = False

    def _heights(self, aw: float, ah: float) -> tuple[float, float]:
        _w, content_h = self.content.wrapOn(self.canv, aw, ah)
        return content_h, self._stacked(self.tail, aw, ah)

    def _stacked(self, flowables: Sequence[Flowable], aw: float, ah: float) -> float:
        """The height of flowables one under another (a KeepTogether's own wrap answers a
        huge height when it does not fit, to force a split: its content is measured)."""
        height = 0.0
        for f in flowables:
            inner = getattr(f, "_content", None)
            if isinstance(inner, list):
                height += self._stacked(inner, aw, ah)
            else:
                height += f.wrapOn(self.canv, aw, ah)[1]
            height += f.getSpaceBefore() + f.getSpaceAfter()
        return height

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        # never drawn itself: as reportlab's KeepTogether, a height larger than any page
        # makes the frame call `split`, which hands the frame the flowables to draw
        self.width, self.height = aw, 0xFFFFFF
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        content_h, tail_h = self._heights(aw, ah)
        if content_h + tail_h <= ah + _FUZZ:
            return [self.content, *self.tail]
        # the content alone fits: split it anyway, so that its last part goes down too
        room = _last_part_boundary(self.content, content_h) if content_h <= ah else ah
        parts = self.content.splitOn(self.canv, aw, room) if room > 0 else []
        if len([p for p in parts if not isinstance(p, ActionFlowable)]) < 2:
            if self._deferred:  # even a fresh page is too small: lay it out as it comes
                return [self.content, *self.tail]
            self._deferred = True
            return []  # all of it to the next page
        parts = [p for p in parts if not isinstance(p, ActionFlowable)]
        # the first part ends the page: the rest and the tail start the next one
        return [*parts[:-1], FrameBreak(), KeepWithTail(parts[-1], self.tail)]

    def draw(self) -> None:  # pragma: no cover - always split or replaced before drawing
        raise NotImplementedError


def _last_part_boundary(content: Flowable, height: float) -> float:
    """The height at which to split `content` so that its last part goes down the page: a
    table without its last row, a paragraph without its last two lines."""
    if isinstance(content, Table):
        rows = getattr(content, "_rowHeights", None)
        if rows and len(rows) > (content.repeatRows or 0) + 1:
            return float(sum(rows[:-1])) + 0.01
        return 0.0
    leading = getattr(getattr(content, "style", None), "leading", 0) or 0
    return height - 2 * leading - 0.01


def keep_with_tail(story: list[Flowable], tail: Sequence[Flowable]) -> list[Flowable]:
    """`story` whose last flowable is held together with `tail` (see `KeepWithTail`)."""
    if not story:
        return list(tail)
    return [*story[:-1], KeepWithTail(story[-1], tail)]


def _unit_widths(flowable: Any, whole: bool = False) -> float:
    """The widest run of `flowable`'s text that may not be broken (0 when unknown); with
    `whole`, a run goes from space to space (a heading's words are not broken)."""
    items = flowable if isinstance(flowable, list) else [flowable]
    widest = 0.0
    for item in items:
        if not isinstance(item, Paragraph):
            continue
        text = "".join(f.text for f in item.frags if isinstance(getattr(f, "text", None), str))
        if not text:
            continue
        style = item.style
        # a heading's short words stay whole (非常勤嘱託員); a long heading may wrap
        keep = whole and max((len(w) for w in text.split()), default=0) <= HEADING_WORD
        allowed = break_opportunities(text) if style.wordWrap == "CJK" and not keep else None
        start = 0
        for i in range(1, len(text) + 1):
            boundary = i == len(text) or (
                allowed[i] if allowed is not None else text[i] == " " or text[i - 1] == " "
            )
            if boundary:
                run = text[start:i].strip()
                if run:
                    widest = max(widest, stringWidth(run, style.fontName, style.fontSize))
                start = i
    return widest


def fitted_widths(
    widths: Sequence[float], rows: Sequence[Sequence[Any]], padding: float, heading_rows: int = 1
) -> list[float]:
    """Column widths as asked, widened where a date or a word would not fit on one line;
    the room is taken from the columns that have some to spare (the total stays)."""
    need = [0.0] * len(widths)
    for number, row in enumerate(rows):
        for index, value in enumerate(row[: len(widths)]):
            width = _unit_widths(value, whole=number < heading_rows)
            need[index] = max(need[index], width + padding + 0.5)
    result = list(widths)
    deficit = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    if deficit <= 0:
        return result
    spare = [max(0.0, w - n) for n, w in zip(need, widths, strict=True)]
    total_spare = sum(spare)
    if total_spare <= 0:
        return result
    share = min(1.0, deficit / total_spare)
    for index, (n, w) in enumerate(zip(need, widths, strict=True)):
        result[index] = max(w, n) if n > w else w - spare[index] * share
    return result


def numbered_canvas(font: str, baseline: float, label: str = "{page} / {pages}") -> Any:
    """A canvas class that prints "n / N" centred at the foot of every page, once the
    number of pages is known."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, CHART_SIZE)
                self.drawCentredString(
                    self._pagesize[0] / 2,
                    baseline,
                    label.format(page=self._pageNumber, pages=count),
                )
                super().showPage()
            super().save()

    return NumberedCanvas


__all__ = [
    "GridTable",
    "HeadingWithTable",
    "KeepWithTail",
    "fitted_widths",
    "hold_headings",
    "keep_with_tail",
    "numbered_canvas",
]


class HeadingWithTable(Flowable):
    """A heading and the table under it: the heading goes to the next page only when the
    table's heading row and first row do not fit under it (reportlab's keepWithNext would
    move the whole table, leaving most of a page blank)."""

    def __init__(self, heading: Flowable, table: Table) -> None:
        super().__init__()
        self.heading = heading
        self.table = table
        self.keepWithNext = 0
        self._deferred = False

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, 0xFFFFFF  # always split: see KeepWithTail.wrap
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        heading_h = self.heading.wrapOn(self.canv, aw, ah)[1] + self.heading.getSpaceBefore()
        heading_h += self.heading.getSpaceAfter()
        self.table.wrapOn(self.canv, aw, ah)
        rows = getattr(self.table, "_rowHeights", None) or [0.0]
        first = float(sum(rows[: (self.table.repeatRows or 0) + 1]))
        if heading_h + first <= ah + _FUZZ or self._deferred:
            return [self.heading, self.table]
        self._deferred = True
        return []

    def draw(self) -> None:  # pragma: no cover - always split before drawing
        raise NotImplementedError


def hold_headings(story: list[Flowable]) -> list[Flowable]:
    """`story` with every heading (a paragraph kept with the next flowable) that stands
    right above a table held with the table's first row only."""
    result: list[Flowable] = []
    index = 0
    while index < len(story):
        f = story[index]
        following = story[index + 1] if index + 1 < len(story) else None
        if (
            isinstance(f, Paragraph)
            and bool(getattr(f.style, "keepWithNext", False))
            and isinstance(following, Table)
        ):
            result.append(HeadingWithTable(f, following))
            index += 2
            continue
        result.append(f)
        index += 1
    return result
