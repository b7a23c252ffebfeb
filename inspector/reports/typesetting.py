"""Japanese typesetting shared by every PDF the application writes.

reportlab's own CJK wrapping (`wordWrap="CJK"`) hangs a closing mark past the right edge
(the mark then runs into the next table column), applies no rule to the end of a line and
breaks anywhere inside a date or a Latin word. `JaParagraph` replaces its line breaking with
one that keeps every line inside its width and follows 禁則処理 (JIS X 4051, simplified):

- no line starts with a closing bracket, 。、，．・：；, ー, 々 or a small kana
  (追い出し: the character before goes down with it);
- no line ends with an opening bracket;
- a date (令和元年12月31日, 2026年1月5日, 12月31日), a time and a Latin word or number are
  never broken inside.

Sizes are the minima for reading on A4 paper: body 10.5 pt, tables 9 pt, chart labels and
legends 8 pt. Full-width spaces are kept (reportlab collapses them as white space).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, FrameBreak, Paragraph, Table
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

from inspector.reports.fonts import ensure_font

BODY_SIZE = 10.5
TABLE_SIZE = 9.0
CHART_SIZE = 8.0
FRAME_PADDING = 6.0  # reportlab's default padding inside a page frame, on each side
HEADING_WORD = 8  # characters: a column heading's word up to this length is never broken

SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
CANNOT_START = (
    "。、，．・：；？！）」』】〕〉》］｝〙〗ー々〻ゝゞヽヾ‐゠–〜～…‥"
    + SMALL_KANA
    + "!),.:;?]}%°′″℃％‰"
)
CANNOT_END = "（「『【〔〈《［｛〘〖([{‘“"

# Spans never broken inside: dates, times, numbers with their unit of time.
_DIGITS = "0-9０-９"
_PROTECTED = re.compile(
    rf"(?:令和|平成|昭和|大正|明治)?(?:元|[{_DIGITS}]{{1,4}})年(?:度)?"
    rf"(?:[{_DIGITS}]{{1,2}}月(?:[{_DIGITS}]{{1,2}}日)?)?(?:（[月火水木金土日]）)?"
    rf"|[{_DIGITS}]{{1,2}}月[{_DIGITS}]{{1,2}}日(?:（[月火水木金土日]）)?"
    rf"|[{_DIGITS}]{{1,2}}時(?:[{_DIGITS}]{{1,2}}分)?"
    rf"|[{_DIGITS}]+(?:日|か月|ヶ月|件|名|人|回|時間|分|%|％)"
)


def _is_latin(ch: str) -> bool:
    """Characters of a Latin word or a number: kept together up to the next space."""
    return "!" <= ch <= "~" or ch in "０１２３４５６７８９"


def break_opportunities(text: str) -> list[bool]:
    """`allowed[i]`: a line may start at `text[i]` (i > 0)."""
    n = len(text)
    allowed = [True] * (n + 1)
    allowed[0] = False
    for i in range(1, n):
        before, here = text[i - 1], text[i]
        if here in CANNOT_START or before in CANNOT_END:
            allowed[i] = False
        elif here == " ":
            allowed[i] = False  # the space stays at the end of the line
        elif (_is_latin(before) and _is_latin(here)) or (before == here and here in "―…‥"):
            allowed[i] = False
    for match in _PROTECTED.finditer(text):
        for i in range(match.start() + 1, match.end()):
            allowed[i] = False
    return allowed


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def kinsoku_split(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool) -> Any:
    """Lines of `frags` within `max_widths`, following the rules in the module docstring.

    A run longer than a whole line (a long URL, a date in a very narrow column) is cut where
    it must be, still never before a character that cannot start a line when avoidable."""
    chars: list[Any] = []
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        if text:
            chars.extend(cjkU(ch, frag, "utf8") for ch in text)
        else:
            chars.append(cjkU(text, frag, "utf8"))
    plain = "".join(ch if ch else "\n" for ch in chars)
    allowed = break_opportunities(plain)
    lines: list[Any] = []

    def limit() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    def emit(start: int, stop: int, line_break: bool) -> None:
        max_width = limit()
        used = sum(_width(u, max_width) for u in chars[start:stop])
        lines.append(
            makeCJKParaLine(
                chars[start:stop], max_width, used, max_width - used, line_break, calc_bounds
            )
        )

    n = len(chars)
    start = i = 0
    used = 0.0
    last_ok = -1
    while i < n:
        u = chars[i]
        if hasattr(u.frag, "lineBreak"):
            emit(start, i + 1, True)
            start = i = i + 1
            used, last_ok = 0.0, -1
            continue
        if i > start and allowed[i]:
            last_ok = i
        max_width = limit()
        w = _width(u, max_width)
        if used + w > max_width + _FUZZ and i > start and u != " ":
            if last_ok > start:
                cut = last_ok
            else:
                cut = i
                while cut > start + 1 and plain[cut] in CANNOT_START:
                    cut -= 1
            emit(start, cut, False)
            start = i = cut
            used, last_ok = 0.0, -1
            continue
        used += w
        i += 1
    if start < n:
        emit(start, n, False)
    return ParaLines(kind=1, lines=lines)


class JaParagraph(Paragraph):
    """A paragraph broken into lines by `kinsoku_split` (Japanese text)."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        frags = self.frags
        style = self.style
        self.height = 0
        if not frags:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        # a table measures its cells again at every page it is split over: the lines
        # for a width are kept (the text of a paragraph never changes)
        key = (tuple(maxWidths), auto)
        cached = getattr(self, "_ja_lines", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        lines = kinsoku_split(frags, maxWidths, auto not in ("", "off"))
        self._ja_lines = (key, lines)
        return lines


def markup(text: str) -> str:
    """Plain text as paragraph markup: escaped, newlines as line breaks, full-width spaces
    kept (as character references, which reportlab does not collapse)."""
    return escape(text).replace("\n", "<br/>").replace("\u3000", "&#x3000;")


# a half-width colon after Japanese text (「要因: ...」): one style, the full-width colon
_JA_COLON = re.compile(r"(?<=[\u3000-\u30ff\u3400-\u9fff\uff01-\uff5e）」』】])[ ]?:[ \u3000]?")


def japanese_punctuation(text: str) -> str:
    """`text` with one punctuation style: a colon after Japanese words is full-width
    (「要因：」); times (12:30) and Latin text keep theirs."""
    return _JA_COLON.sub("：", text)


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text in `style` (Japanese line breaking and punctuation for
    CJK styles)."""
    if style.wordWrap == "CJK":
        text = japanese_punctuation(text)
    return rich(markup(text), style)


def phrased(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A title broken only between its phrases (at spaces), never inside a word: the
    phrases are packed greedily into lines of `width`; a phrase longer than a line is
    broken by the usual rules."""
    phrases = [p for p in re.split(r"[ \u3000]+", text.strip()) if p]
    lines: list[str] = []
    for phrase in phrases:
        candidate = f"{lines[-1]}\u3000{phrase}" if lines else phrase
        if lines and stringWidth(candidate, style.fontName, style.fontSize) <= width:
            lines[-1] = candidate
        else:
            lines.append(phrase)
    return rich("<br/>".join(markup(line) for line in lines), style)


def rich(markup_text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of reportlab markup (already escaped)."""
    if style.wordWrap == "CJK":
        return JaParagraph(markup_text, style)
    return Paragraph(markup_text, style)


class TextStyles:
    """The paragraph styles of one document language, at the readable minimum sizes."""

    def __init__(self, lang: str) -> None:
        font = ensure_font()
        wrap = "CJK" if lang == "ja" else None
        self.font = font
        self.lang = lang
        base = ParagraphStyle(
            "body", fontName=font, fontSize=BODY_SIZE, leading=16.5, wordWrap=wrap
        )
        self.body = base
        self.note = ParagraphStyle("note", parent=base, fontSize=TABLE_SIZE, leading=13)
        self.cell = ParagraphStyle(
            "cell", parent=base, fontSize=TABLE_SIZE, leading=13, allowWidows=0, allowOrphans=0
        )
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.head = ParagraphStyle("head", parent=self.cell, alignment=TA_CENTER)
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=16, leading=24, alignment=TA_CENTER, spaceAfter=8
        )
        self.section = ParagraphStyle(
            "section",
            parent=base,
            fontSize=11.5,
            leading=18,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        )
        self.right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.left = ParagraphStyle("left", parent=base, alignment=TA_LEFT)


def cell(value: Any, style: ParagraphStyle) -> Any:
    """A table cell's content: flowables as they are, any other value as a paragraph, so
    that the text wraps inside the column instead of running past it."""
    if isinstance(value, Flowable | list):
        return value
    return paragraph("" if value is None else str(value), style)


class GridTable(Table):
    """A table whose continuation always starts a new page, under its repeated heading.

    Left to itself, reportlab lays the rest of a split table into the space left on the
    same page when a row can be split there: the heading appears again mid-page, above a
    piece of a row (the "second table started mid-page")."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            return [parts[0], FrameBreak(), parts[1]]
        return list(parts)


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


__all__ = [
    "BODY_SIZE",
    "CANNOT_END",
    "CANNOT_START",
    "CHART_SIZE",
    "FRAME_PADDING",
    "TABLE_SIZE",
    "GridTable",
    "JaParagraph",
    "KeepWithTail",
    "TextStyles",
    "break_opportunities",
    "cell",
    "fitted_widths",
    "japanese_punctuation",
    "keep_with_tail",
    "kinsoku_split",
    "markup",
    "numbered_canvas",
    "paragraph",
    "phrased",
    "rich",
]


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
