"""A long text in full, read-only and scrollable (a measure entry cut in a table)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from inspector.context import AppContext
from inspector.domain.controls import escape_controls
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside


class TextViewScreen(InspectorModal[None]):
    """Shows `text` under `title`; ↑ ↓ scroll, Esc or Enter close."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("escape,enter", "close", "close", id="text_view.close"),
        Binding("up", "scroll(-1)", "scroll up", show=False, id="text_view.up"),
        Binding("down", "scroll(1)", "scroll down", show=False, id="text_view.down"),
    ]

    def __init__(self, context: AppContext, title: str, text: str) -> None:
        super().__init__(context)
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="text-view-dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            with VerticalScroll(id="text-view-body"):
                # Written out: a control character in a stored text never reaches the terminal
                yield Static(Text(escape_controls(self.text)), id="text-view-text")
            yield Label(self.t("visit.text_view.hint"), classes="dialog-hint")

    def action_scroll(self, step: int) -> None:
        """Scroll the text by a line."""
        body = self.query_one("#text-view-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
