"""Esc in the layout editor with changes not saved (walk9 H1): save and leave, leave
without saving, or stay. Nothing is saved without the user saying so, and a stray Esc
(here too) stays in the editor."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from inspector.context import AppContext
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal


class LayoutLeaveScreen(InspectorModal[str | None]):
    """Returns "save", "discard", or None (stay in the editor)."""

    BINDINGS = [
        Binding("s,y", "answer('save')", "save", id="layout_leave.save"),
        Binding("d", "answer('discard')", "discard", id="layout_leave.discard"),
        Binding("escape,b,n", "answer(None)", "back", id="layout_leave.back"),
    ]

    def __init__(self, context: AppContext, room: str) -> None:
        super().__init__(context)
        self.room = room

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(classes="dialog", id="layout-leave"):
            yield Label(plain(t("fix9w.leave.question", name=self.room)), classes="dialog-text")
            yield Label(t("fix9w.leave.hint"), classes="dialog-hint")

    def unsaved_work(self) -> str | None:
        """The question holds nothing; the editor under it says what is unsaved."""
        return None

    def action_answer(self, answer: str | None) -> None:
        """Close with the choice."""
        self.dismiss(answer)


__all__ = ["LayoutLeaveScreen"]
