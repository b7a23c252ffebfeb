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

The rules apply wherever Japanese text is set, in any document language: an English notice
prints the findings as written, in Japanese (`for_text`).

Sizes are the minima for reading on A4 paper: body 10.5 pt, tables 9 pt, chart labels and
legends 8 pt. Full-width spaces are kept (reportlab collapses them as white space).
How tables and the closing go over pages: `inspector.reports.pagination`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

from inspector.domain.line_breaks import (
    CANNOT_END,
    CANNOT_START,
    break_opportunities,
)
from inspector.reports.fonts import ensure_font

BODY_SIZE = 10.5
TABLE_SIZE = 9.0
CHART_SIZE = 8.0
FRAME_PADDING = 6.0  # reportlab's default padding inside a page frame, on each side
HEADING_WORD = 8  # characters: a column heading's word up to this length is never broken


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


@cache
def _char_width(ch: str, font_name: str, font_size: float) -> float:
    return float(stringWidth(ch, font_name, font_size))


class _Char(cjkU):
    """reportlab's character of a paragraph with its width from `_char_width`: a notice
    measures the same few hundred characters thousands of times, each a font lookup."""

    def __new__(cls, value: str, frag: Any) -> _Char:
        self = str.__new__(cls, value)
        self._frag = frag  # what cjkU's own constructor sets, read by its properties
        self._width = _char_width(value, frag.fontName, frag.fontSize)
        return self


def _chars(text: str, frag: Any) -> list[Any]:
    if hasattr(frag, "cbDefn"):  # an inline image or anchor: reportlab's own measure
        return [cjkU(ch, frag, "utf8") for ch in text]
    return [_Char(ch, frag) for ch in text]


def kinsoku_split(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool) -> Any:
    """Lines of `frags` within `max_widths`, following the rules in the module docstring.

    A run longer than a whole line (a long URL, a date in a very narrow column) is cut where
    it must be, still never before a character that cannot start a line when avoidable."""
    chars: list[Any] = []
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        if text:
            chars.extend(_chars(text, frag))
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


# Japanese (and Chinese) characters: kana, kanji, CJK punctuation, full-width forms
_CJK = re.compile(r"[\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef]")


def has_cjk(text: str) -> bool:
    """Whether `text` holds Japanese characters (a full-width space alone does not count)."""
    return _CJK.search(text) is not None


def for_text(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """`style`, with Japanese line breaking when `text` holds Japanese: how a text breaks
    depends on the text, not on the document's language (an English notice prints the
    findings as they were written, in Japanese)."""
    if style.wordWrap == "CJK" or not has_cjk(text):
        return style
    variant = style.__dict__.get("_cjk_variant")
    if variant is None:
        variant = ParagraphStyle(f"{style.name}_cjk", parent=style, wordWrap="CJK")
        style.__dict__["_cjk_variant"] = variant
    return variant


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text in `style` (Japanese line breaking and punctuation for
    Japanese text, whatever the document's language)."""
    style = for_text(style, text)
    if style.wordWrap == "CJK":
        text = japanese_punctuation(text)
    return rich(markup(text), style)


# where a title may break: at a space, before an opening bracket, after a closing one
_PHRASE_BREAK = re.compile(r"([ \u3000]+|(?=[（「『【〔])|(?<=[）」』】〕]))")


def _phrases(text: str) -> list[tuple[str, str]]:
    """(separator before it, phrase) for each phrase of `text`."""
    result: list[tuple[str, str]] = []
    separator = ""
    for number, token in enumerate(_PHRASE_BREAK.split(text.strip())):
        if number % 2:
            separator += token
        elif token:
            result.append((separator, token))
            separator = ""
    return result


def phrased(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A title broken only between its phrases (at spaces and around a bracketed phrase),
    never inside a word: the phrases are packed greedily into lines of `width`; a phrase
    longer than a line is broken by the usual rules. Japanese phrases are set apart by a
    full-width space, English words by a space."""
    lines: list[str] = []
    for separator, phrase in _phrases(text):
        if not lines:
            lines.append(phrase)
            continue
        joint = ""
        if separator:
            both = has_cjk(lines[-1][-1]) and has_cjk(phrase[0])
            joint = "\u3000" if both else " "
        candidate = f"{lines[-1]}{joint}{phrase}"
        if stringWidth(candidate, style.fontName, style.fontSize) <= width:
            lines[-1] = candidate
        else:
            lines.append(phrase)
    return rich("<br/>".join(markup(line) for line in lines), style)


def rich(markup_text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of reportlab markup (already escaped); Japanese text is broken by
    `kinsoku_split` in any document."""
    style = for_text(style, markup_text)
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
        # a heading in body type (the follow-up's （1）着眼点): kept with what follows it
        self.subheading = ParagraphStyle("subheading", parent=base, keepWithNext=1)
        self.right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.left = ParagraphStyle("left", parent=base, alignment=TA_LEFT)


def cell(value: Any, style: ParagraphStyle) -> Any:
    """A table cell's content: flowables as they are, any other value as a paragraph, so
    that the text wraps inside the column instead of running past it."""
    if isinstance(value, Flowable | list):
        return value
    return paragraph("" if value is None else str(value), style)


__all__ = [
    "BODY_SIZE",
    "CANNOT_END",
    "CANNOT_START",
    "CHART_SIZE",
    "FRAME_PADDING",
    "TABLE_SIZE",
    "JaParagraph",
    "TextStyles",
    "break_opportunities",
    "cell",
    "for_text",
    "has_cjk",
    "japanese_punctuation",
    "kinsoku_split",
    "markup",
    "paragraph",
    "phrased",
    "rich",
]
