"""A one-line question: search text, the reason for reopening a session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from inspector.context import AppContext
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal


class PromptScreen(InspectorModal[str | None]):
    """Returns the text typed (Enter), or None (Esc)."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="modal.cancel")]

    def __init__(
        self, context: AppContext, title: str, value: str = "", *, required: bool = False
    ) -> None:
        super().__init__(context)
        self.title_text = title
        self.value = value
        self.required = required
        """Refuse an empty answer (a reason that is logged must say something)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Input(self.value, id="prompt-input")
            yield Label(self.t("tui.prompt.hint"), classes="dialog-hint")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.required and not event.value.strip():
            self.notify(self.t("tui.prompt.required"), severity="warning")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without an answer; a reason that is logged (`required`) is typed work:
        asks first when one was typed."""
        if self.required:
            self.cancel_keeping_work()
        else:
            self.dismiss(None)
