"""Every key of the screen underneath, with what it does (user keymap applied)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label

from inspector.context import AppContext
from inspector.tui.bindings import effective_bindings
from inspector.tui.screens.base import InspectorModal


class HelpScreen(InspectorModal[None]):
    """Lists the bindings of `screen` and of the application."""

    BINDINGS = [
        Binding("escape", "close", "close", id="help.close"),
        Binding("question_mark", "close", "close", key_display="?", id="help.close_again"),
    ]

    def __init__(self, context: AppContext, screen: Screen[object]) -> None:
        super().__init__(context)
        self.target = screen

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(classes="dialog", id="help-dialog"):
            yield Label(t("tui.help.title"), classes="dialog-title")
            table: DataTable[str | Text] = DataTable(id="help-table", cursor_type="row")
            yield table
            yield Label(t("tui.help.footer"), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(self.t("tui.help.col_key"), key="key")
        table.add_column(self.t("tui.help.col_action"), key="action")
        seen: set[str] = set()
        for node in (self.target, self.app):
            for keys, binding in effective_bindings(node, self.app):
                if binding.id in seen:
                    continue
                seen.add(binding.id or "")
                table.add_row(keys, binding.description)
        table.focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
