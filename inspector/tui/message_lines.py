"""A dialog's message (an error under a form's fields) wrapped by the line-break rule, with
its particles kept beside the word before them (walk8b L2).

`Wrapped` breaks Japanese by the rule of the printed documents, which lets a line start
after a space: 「日付は 令和7年6月2日、R7.6.2 または 2025-06-02」 / 「の形で入力してください。」,
「期限 令和8年12月6日」 / 「は土曜日…」. In a message a particle after a date, a number or a
word in Latin letters belongs to it: no line starts with は, を or が, nor with の, で, に,
と, へ or も after a space, a digit or 日. Nor is a word in katakana (プリンタ, サーバラック)
broken inside, when the line has another place to break, nor a key (Ctrl+S, Esc) parted
from the word after it (「Ctrl+S saves」, 「Esc closes」).
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

from inspector.domain.controls import escape_controls
from inspector.domain.line_breaks import break_opportunities

NEVER_FIRST = "はをが"
"""Particles no line of a message starts with."""
NOT_FIRST_AFTER = "のでにとへも"
"""Particles no line starts with after a space, a digit or 日 (「2025-06-02 の形」)."""
_BEFORE = " 0123456789０１２３４５６７８９日"


KEY = re.compile(r"[(（「]?(?:(?:Ctrl|Alt|Shift)\+\S+|Esc|Enter|Tab|F[0-9]{1,2})$")
"""A key's name at the end of a text (the word after it stays on its line)."""


def is_katakana(char: str) -> bool:
    """A letter of a word in katakana (ー included: サーバ)."""
    return "ァ" <= char <= "ヺ" or char in "ーヽヾ"


def message_breaks(plain: str) -> list[bool]:
    """`break_opportunities`, and no line starting with a particle of the word before."""
    allowed = break_opportunities(plain)
    for index in range(1, len(plain)):
        here, before = plain[index], plain[index - 1]
        particle = here in NEVER_FIRST or (here in NOT_FIRST_AFTER and before in _BEFORE)
        after_key = before == " " and KEY.search(plain[: index - 1].rsplit(" ", 1)[-1])
        if particle or after_key or (is_katakana(here) and is_katakana(before)):
            allowed[index] = False
    return allowed


def message_text(text: str | Text | Content) -> Text:
    """`text` as Rich Text, data as it is (never read as markup), for `Wrapped` with
    `message_breaks`."""
    if isinstance(text, Content):
        text = text.plain
    if isinstance(text, str):
        return Text(escape_controls(text, keep_layout=True))
    return text


__all__ = ["is_katakana", "message_breaks", "message_text"]
