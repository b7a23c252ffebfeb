"""Pagination shared by every PDF: tables whose rest starts the next page under the
repeated heading, column widths that fit their dates and words, the closing (signature
block, 以上) never alone on a page, and "n / N" page numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, FrameBreak, KeepTogether, Paragraph, Table
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.rl_config import _FUZZ

from inspector.reports.typesetting import CHART_SIZE, HEADING_WORD, break_opportunities

# points a page may be left empty under a table that goes on (about seven lines of a
# table): more than that, and the row that does not fit is split inside (its first lines
# end the page) instead of going to the next page whole
ROW_GAP = 96.0


class GridTable(Table):
    """A table whose continuation always starts a new page, under its repeated heading.

    Left to itself, reportlab lays the rest of a split table into the space left on the
    same page when a row can be split there: the heading appears again mid-page, above a
    piece of a row (the "second table started mid-page"). A table is split between rows,
    unless that leaves more than `ROW_GAP` of the page empty (a long finding's row that
    would otherwise leave half a page blank): then inside the row."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = list(super().split(availWidth, availHeight))
        if len(parts) == 2 and self.splitInRow and self.splitByRow:
            used = sum(self._rowHeights[: len(parts[0]._cellvalues)])
            if availHeight - used > ROW_GAP:
                parts = self._split_in_row(availWidth, availHeight) or parts
        if len(parts) == 2:
            _close_bottom(parts[0], self)
            return [parts[0], FrameBreak(), parts[1]]
        return parts

    def _split_in_row(self, width: float, height: float) -> list[Flowable]:
        """The table split inside the row that does not fit ([] when it cannot be)."""
        self.splitByRow = 0  # reportlab then tries the split inside a row first
        try:
            parts = list(super().split(width, height))
        finally:
            self.splitByRow = 1
        if len(parts) != 2 or not len(parts[0]._cellvalues) > (self.repeatRows or 0):
            return []
        for part in parts:
            part.splitByRow = 1
        return parts


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
    to the next page with it. `lead` (the headings above a table) stays with the content's
    first part: a heading never ends a page alone."""

    def __init__(
        self, content: Flowable, tail: Sequence[Flowable], lead: Sequence[Flowable] = ()
    ) -> None:
        super().__init__()
        self.content = content
        self.tail = list(tail)
        self.lead = list(lead)
        self._deferred = False

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
        lead_h = self._stacked(self.lead, aw, ah)
        content_h = self._stacked([self.content], aw, ah)
        tail_h = self._stacked(self.tail, aw, ah)
        # a KeepTogether is handed over as its flowables (its own wrap never fits a frame)
        inner = getattr(self.content, "_content", None)
        body = list(inner) if isinstance(self.content, KeepTogether) and inner else [self.content]
        whole = [*_placed(self.lead), *body, *self.tail]
        if lead_h + content_h + tail_h <= ah + _FUZZ:
            return whole
        room = ah - lead_h
        parts: list[Flowable] = []
        # a figure kept with its caption (a KeepTogether) is never split from it
        if room > 0 and not isinstance(self.content, KeepTogether):
            # the content alone fits: split it anyway, so that its last part goes down too
            cut = _last_part_boundary(self.content, content_h) if content_h <= room else room
            found = self.content.splitOn(self.canv, aw, cut) if cut > 0 else []
            parts = [p for p in found if not isinstance(p, ActionFlowable)]
        if len(parts) < 2:
            at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
            if self._deferred or at_top:  # a fresh page is too small: lay it out as it comes
                return whole
            self._deferred = True
            return []  # all of it to the next page
        # the first part ends the page: the rest and the tail start the next one
        return [*_placed(self.lead), *parts[:-1], FrameBreak(), KeepWithTail(parts[-1], self.tail)]

    def draw(self) -> None:  # pragma: no cover - always split or replaced before drawing
        raise NotImplementedError


def _placed(headings: list[Flowable]) -> list[Flowable]:
    """Headings whose place is decided: no longer kept with the next flowable (the frame
    would group them again with the whole table that follows and move it all down)."""
    for h in headings:
        h.__dict__["keepWithNext"] = 0
    return headings


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
    the room is taken from the columns that have some to spare. The total always stays:
    when the spare room is short, the widened columns share it, so that every column stays
    on the page (a run still too wide is cut where it must be: `kinsoku_split`)."""
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
    grow = min(1.0, total_spare / deficit)
    for index, (n, w) in enumerate(zip(need, widths, strict=True)):
        result[index] = w + (n - w) * grow if n > w else w - spare[index] * share
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
    """Headings and the table under them: the headings go to the next page only when the
    table's heading row and first row do not fit under them (reportlab's keepWithNext would
    move the whole table, leaving most of a page blank)."""

    def __init__(self, heading: Flowable | Sequence[Flowable], table: Table) -> None:
        super().__init__()
        self.headings = list(heading) if isinstance(heading, Sequence) else [heading]
        self.table = table
        self.keepWithNext = 0
        self._deferred = False

    @property
    def heading(self) -> Flowable:
        return self.headings[0]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, 0xFFFFFF  # always split: see KeepWithTail.wrap
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        heading_h = sum(
            h.wrapOn(self.canv, aw, ah)[1] + h.getSpaceBefore() + h.getSpaceAfter()
            for h in self.headings
        )
        self.table.wrapOn(self.canv, aw, ah)
        rows = getattr(self.table, "_rowHeights", None) or [0.0]
        first = float(sum(rows[: (self.table.repeatRows or 0) + 1]))
        at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
        if heading_h + first <= ah + _FUZZ or self._deferred or at_top:
            return [*_placed(self.headings), self.table]
        self._deferred = True
        return []

    def draw(self) -> None:  # pragma: no cover - always split before drawing
        raise NotImplementedError


def _is_heading(f: Flowable) -> bool:
    """A paragraph in a heading style, or a small table marked to go with what follows (the
    follow-up's 監査対象 of each organization)."""
    if isinstance(f, Paragraph):
        return bool(getattr(f.style, "keepWithNext", False))
    return isinstance(f, Table) and bool(f.__dict__.get("keepWithNext", False))


def hold_headings(story: list[Flowable]) -> list[Flowable]:
    """`story` with every run of headings (flowables kept with the next one) held
    with what follows them, without moving more than that to the next page:

    - above a table: with the table's first row only (`HeadingWithTable`);
    - above what is kept with the closing (`KeepWithTail`): with its first part;
    - above a figure kept with its caption (a KeepTogether): in the same KeepTogether
      (reportlab's keepWithNext never joins a KeepTogether: the heading would end a page).
    """
    result: list[Flowable] = []
    index = 0
    while index < len(story):
        end = index
        while end < len(story) and _is_heading(story[end]):
            end += 1
        run = story[index:end]
        following = story[end] if run and end < len(story) else None
        held = _held(run, following) if following is not None else None
        if held is not None:
            result.append(held)
        else:
            result.extend(story[index : end + 1])
            index = end + 1
            continue
        index = end + 1
    return result


def _held(run: list[Flowable], following: Flowable) -> Flowable | None:
    """The headings `run` held with `following` (None: nothing to hold them with)."""
    if isinstance(following, Table):
        return HeadingWithTable(run, following)
    if isinstance(following, KeepTogether):
        return KeepTogether([*run, *following._content], following._maxHeight)
    if isinstance(following, KeepWithTail) and not following.lead:
        content = following.content
        if isinstance(content, KeepTogether):
            kept = KeepTogether([*run, *content._content], content._maxHeight)
            return KeepWithTail(kept, following.tail)
        return KeepWithTail(content, following.tail, lead=run)
    return None
