"""Control characters typed or pasted into a TUI field: refused where the value is stored,
printed into a document or used as a path, as every CLI and import path refuses them.

A pasted escape (`ESC[31m`), a bidi override (U+202E), a zero-width space (U+200B) or a
braille blank (U+2800) would be stored and printed raw into a notice, a report or a file
name. The dialog stays open with what was typed; the field and the character (U+XXXX) are
named under the fields and the cursor goes to the field; nothing is written. Line breaks
(and tabs) stay allowed in a multi-line text, and the spaces stay (U+3000 parts a family
name from the given name). `inspector.domain.controls.first_control` decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from textual.screen import Screen
from textual.widgets import Label

from inspector.domain.controls import first_control
from inspector.i18n import Translator

SAVED = "tuictl.control.saved"
"""The message of a field whose value is stored (nothing was saved)."""
TYPED = "tuictl.control.typed"
"""The message of a value that is neither stored nor written (a search, echoed back)."""
WRITTEN = "tuictl.control.written"
"""The message of a path or of a value printed into a file written now (nothing written)."""


class Checked(NamedTuple):
    """One field to check: its selector (to focus), its translated label, the value typed
    and whether line breaks and tabs are allowed in it (a multi-line text)."""

    selector: str
    label: str
    value: str
    layout: bool = False


def field_name(label: str) -> str:
    """A field's label as a name: without its colon and without the explanation or example
    in brackets after it (「発行日（今日の日付。…）」 is 「発行日」)."""
    name = label.strip().rstrip("：:").strip()
    short = re.split(r"（| \(|\(", name, maxsplit=1)[0].strip()
    return short or name


def control_refusal(
    t: Translator, fields: Iterable[Checked], key: str = SAVED
) -> tuple[str, str] | None:
    """(selector, message) of the first field holding a control character, or None."""
    for field in fields:
        code = first_control(field.value, allow_layout=field.layout)
        if code is not None:
            return field.selector, t(key, field=field_name(field.label), code=code)
    return None


def dialog_error(screen: Screen[Any], message: str) -> None:
    """`message` in the dialog's error line: the one it has, else one mounted above its
    hint (or at the dialog's end), as the one-line prompt does; the dialog scrolled so that
    the whole message shows (its first lines scroll away when it is too tall)."""
    from inspector.tui.plain import plain

    label = next(iter(screen.query(".dialog-error").results(Label)), None)
    if label is None:
        label = Label("", classes="dialog-error", id="control-error")
        dialog = screen.query_one(".dialog")
        hints = list(dialog.query(".dialog-hint"))
        if hints:
            dialog.mount(label, before=hints[-1])
        else:
            dialog.mount(label)
    label.update(plain(message))
    # forced: a dialog does not scroll (overflow hidden), and a message of two lines above
    # a docked hint showed its first line only at 80x24 (tui13 item 3)
    screen.call_after_refresh(label.scroll_visible, animate=False, force=True)


def refuse_controls(
    screen: Screen[Any],
    t: Translator,
    fields: Iterable[Checked],
    *,
    key: str = SAVED,
    show: Callable[[str], None] | None = None,
) -> bool:
    """Whether a field holds a control character: if so the problem is shown (by `show`,
    else in the dialog's error line) and the cursor put on the field."""
    found = control_refusal(t, fields, key)
    if found is None:
        return False
    selector, message = found
    if show is not None:
        show(message)
    else:
        dialog_error(screen, message)
    screen.query_one(selector).focus()
    return True


__all__ = [
    "SAVED",
    "TYPED",
    "WRITTEN",
    "Checked",
    "control_refusal",
    "dialog_error",
    "field_name",
    "refuse_controls",
]
