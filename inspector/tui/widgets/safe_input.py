"""Text fields that refuse a control character as it is typed or pasted (tui13 item 1).

Textual's `Input` and `TextArea` draw what is pasted into them as it is: a right-to-left
override (U+202E), a zero-width space (U+200B) or a braille blank (U+2800) reached the
terminal before any save could refuse it. These fields refuse such an insertion whole: the
field keeps what it had (nothing is altered silently) and a notification names the
character (U+XXXX). `inspector.domain.controls.first_control` decides, as at the save
(`inspector/tui/controls.py` still checks there). Line breaks and tabs stay allowed in a
`SafeTextArea` (a CR or CRLF pasted from Windows is a line break), the spaces (U+3000)
everywhere. A passphrase field refuses the same way; only the character's code is named.

Both typing and paste go through the public `Input.replace` and `TextArea.edit`. A value
set by the program (a note stored before these rules, read back) is not altered, but its
control characters are not drawn either: each line drawn has them left out (a zero-width
one) or shown as U+FFFD (one that takes a cell), so the cursor stays where it is; the save
still refuses them, naming the character.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from inspector.domain.controls import first_control, search_control

REFUSED = "tui13.control.refused"
MULTILINE = "tui13.control.multiline"


def _refused_code(text: str, layout: bool) -> str | None:
    if layout:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return first_control(text, allow_layout=layout)


def _tell(widget: Widget, code: str, key: str = REFUSED) -> None:
    t = getattr(widget.app, "t", None)
    if callable(t):
        message = str(t(key, code=code))
    else:  # an app without a translator (a widget test)
        message = f"Refused ({code}); the field is unchanged."
    widget.notify(message, severity="warning")


def typed_space(event: events.Key) -> str | None:
    """A space other than U+0020 typed (the ideographic space U+3000 of a Japanese input
    method): Textual does not count it as printable, and its fields dropped it
    (「加藤　彩」 was stored as 「加藤彩」)."""
    character = event.character
    is_space = bool(character) and len(character or "") == 1 and character != " "
    return character if is_space and unicodedata.category(character or "") == "Zs" else None


def one_line(text: str) -> str | None:
    """What a one-line field takes of a paste: the text without one trailing line break
        (a copied spreadsheet cell ends with one); None when a line break is left in it (any
    other line separator is a control character, refused and named by `replace`)."""
    for end in ("\r\n", "\n", "\r"):
        if text.endswith(end):
            text = text[: -len(end)]
            break
    return None if "\n" in text or "\r" in text else text


def _shown(text: str) -> str:
    return "".join(("\ufffd" * cell_len(c)) if search_control(c) else c for c in text)


def drawn_safe(strip: Strip) -> Strip:
    """`strip` with no control character in its text, each cell where it was."""
    if search_control(strip.text) is None:
        return strip
    segments = [
        Segment(_shown(s.text), s.style, s.control) if s.control is None else s for s in strip
    ]
    return Strip(segments, strip.cell_length)


class SafeInput(Input):
    """An `Input` whose insertions (typed, pasted, set by `insert`) holding a control
    character are refused and named."""

    def replace(self, text: str, start: int, end: int) -> None:
        code = _refused_code(text, layout=False)
        if code is not None:
            _tell(self, code)
            return
        super().replace(text, start, end)

    def on_paste(self, event: events.Paste) -> None:
        """Before Textual's own, which keeps the first line of a paste and drops the rest
        without a word: a paste of several lines is refused whole, named."""
        if not event.text:
            return
        event.stop()
        event.prevent_default()
        line = one_line(event.text)
        if line is None:
            _tell(self, "", MULTILINE)
            return
        self.replace(line, *self.selection)

    def on_key(self, event: events.Key) -> None:
        space = typed_space(event)
        if space is not None:
            event.stop()
            event.prevent_default()
            self.replace(space, *self.selection)

    def render_line(self, y: int) -> Strip:
        return drawn_safe(super().render_line(y))


class SafeTextArea(TextArea):
    """A `TextArea` whose edits (typed, pasted, `insert`, `replace`) holding a control
    character other than a line break or a tab are refused and named."""

    def on_key(self, event: events.Key) -> None:
        space = typed_space(event)
        if space is not None and not self.read_only:
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self.replace(space, start, end)

    def edit(self, edit: Edit) -> EditResult:
        code = _refused_code(edit.text, layout=True)
        if code is not None:
            _tell(self, code)
            return EditResult(end_location=self.selection.end, replaced_text="")
        return super().edit(edit)

    def render_line(self, y: int) -> Strip:
        return drawn_safe(super().render_line(y))


__all__ = [
    "MULTILINE",
    "REFUSED",
    "SafeInput",
    "SafeTextArea",
    "drawn_safe",
    "one_line",
    "typed_space",
]
