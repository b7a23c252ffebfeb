"""Quitting while something is not saved: what would be lost, and a question whose default
is to stay (Enter on the focused button, Esc and n stay; only y or the quit button quits)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from inspector.context import AppContext
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside


class QuitConfirmScreen(InspectorModal[bool]):
    """Returns True only for an explicit quit (y, or the quit button)."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("y", "answer(True)", "yes", id="modal.yes"),
        Binding("n,escape", "answer(False)", "no", id="modal.no"),
    ]

    def __init__(self, context: AppContext, lost: list[str]) -> None:
        super().__init__(context)
        self.lost = lost
        """What quitting would lose, one sentence per screen (`tui/unsaved.py`)."""

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(classes="dialog", id="quit-dialog"):
            yield Label(t("quit4.title"), classes="dialog-title")
            yield Label(t("quit4.question"), classes="dialog-text")
            for what in self.lost:
                yield Label(plain(t("office15.lost_item", what=what)), classes="quit-lost")
            with Horizontal(id="quit-buttons"):
                yield Button(t("quit4.stay"), id="quit-stay", variant="primary")
                yield Button(t("quit4.quit"), id="quit-quit", variant="error")
            yield Label(t("quit4.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#quit-stay", Button).focus()

    def unsaved_work(self) -> str | None:
        """The question itself holds nothing."""
        return None

    @on(Button.Pressed, "#quit-stay")
    def _stay(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#quit-quit")
    def _quit(self) -> None:
        self.dismiss(True)

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)
