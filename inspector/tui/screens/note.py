"""Editing an item's note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from inspector.context import AppContext
from inspector.domain.checklist import Item
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.type_ahead import TypeAhead, TypeAheadArea


def line_breaks_as_lf(text: str) -> str:
    """CRLF and lone CR line breaks (a paste from Windows, an old note) as one LF each
    (walk9 L4: a pasted CRLF memo was stored with an empty line per break)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class NoteScreen(TypeAhead, InspectorModal[str | None]):
    """Returns the note (possibly empty), or None when cancelled. Keys typed right after
    the key that opened it go into it, in order (`tui/type_ahead.py`, walk9 H2)."""

    TYPE_AHEAD_FIELD = "#note-text"
    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(self, context: AppContext, note: str, item: Item | None = None) -> None:
        super().__init__(context)
        self.item = item
        """The item it is for, named under the title: a key typed after an answer moved the
        cursor on must not write to an item the user did not mean (walk7b N1)."""
        self.note = line_breaks_as_lf(note)
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.t("tui.note.title"), classes="dialog-title")
            if self.item is not None:
                yield Label(plain(self.item.text.get(self.t.lang)), classes="dialog-text")
            yield TypeAheadArea(self.note, id="note-text", soft_wrap=True)
            yield Label(self.t("tui.note.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        self.type_ahead_start()  # focuses it once the keys typed so far are in it

    def _text(self) -> str:
        return line_breaks_as_lf(self.query_one(TextArea).text).strip()

    def action_save(self) -> None:
        """Keep the note (with every key typed before Ctrl+S in it)."""
        self.when_typed(self._save_now, saves=True)

    def _save_now(self) -> None:
        if not self._answered and self.is_active:
            memo = Checked("#note-text", self.t("tui.note.title"), self._text(), layout=True)
            if refuse_controls(self, self.t, [memo]):
                self.type_ahead_resume()  # kept open: the keys go to the memo again
                return
            self._answered = True
            self.dismiss(self._text())
            self.type_ahead_pass_on()  # keys typed after Ctrl+S: to the runner (hunt10 M1)

    def action_cancel(self) -> None:
        """Close without changing the note (asks first when the note was changed)."""
        self.when_typed(self._cancel_now, closes=True)

    def _cancel_now(self) -> None:
        from inspector.tui.screens.confirm import cancel_or_ask

        if not self._answered and self.is_active:
            cancel_or_ask(self, self._text() != self.note.strip())
