"""Where a line of Japanese text may break (禁則処理, JIS X 4051 simplified): the one rule of
the printed documents (`inspector.reports.typesetting`) and of the interface's wrapped
text (`inspector.tui`).

- no line starts with a closing bracket, 。、，．・：；, ー, 々 or a small kana;
- no line ends with an opening bracket;
- a date (令和元年12月31日, 2026年1月5日, 12月31日), a time and a Latin word or number are
  never broken inside.
"""

from __future__ import annotations

import re

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
        elif before == " " and text[:i].rstrip(" ")[-1:] in tuple(CANNOT_END):
            allowed[i] = False  # "（ 1": the line would end with the bracket before the space
        elif here == " ":
            allowed[i] = False  # the space stays at the end of the line
        elif (_is_latin(before) and _is_latin(here)) or (before == here and here in "―…‥"):
            allowed[i] = False
    for match in _PROTECTED.finditer(text):
        for i in range(match.start() + 1, match.end()):
            allowed[i] = False
    return allowed


__all__ = ["CANNOT_END", "CANNOT_START", "SMALL_KANA", "break_opportunities"]
