"""Editing an item's note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from inspector.context import AppContext
from inspector.domain.checklist import Item
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal


class NoteScreen(InspectorModal[str | None]):
    """Returns the note (possibly empty), or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(self, context: AppContext, note: str, item: Item | None = None) -> None:
        super().__init__(context)
        self.item = item
        """The item it is for, named under the title: a key typed after an answer moved the
        cursor on must not write to an item the user did not mean (walk7b N1)."""
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.t("tui.note.title"), classes="dialog-title")
            if self.item is not None:
                yield Label(plain(self.item.text.get(self.t.lang)), classes="dialog-text")
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Label(self.t("tui.note.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Keep the note."""
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        """Close without changing the note (asks first when the note was changed)."""
        from inspector.tui.screens.confirm import cancel_or_ask

        cancel_or_ask(self, self.query_one(TextArea).text.strip() != self.note.strip())
