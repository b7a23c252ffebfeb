"""A yes/no question."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from inspector.context import AppContext
from inspector.tui.screens.base import InspectorModal
from inspector.tui.wrapping import Wrapped


class ConfirmScreen(InspectorModal[bool]):
    """Returns True for y, False for n or Esc."""

    BINDINGS = [
        Binding("y", "answer(True)", "yes", id="modal.yes"),
        Binding("n,escape", "answer(False)", "no", id="modal.no"),
    ]

    def __init__(self, context: AppContext, question: str) -> None:
        super().__init__(context)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # wrapped by the line-break rule: Rich broke 「13 件」 between the number and 件
            yield Static(Wrapped(Text(self.question)), classes="dialog-text")
            yield Label(
                f"{self.t('tui.confirm.yes')}   {self.t('tui.confirm.no')}", classes="dialog-hint"
            )

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)


def cancel_or_ask(modal: InspectorModal[Any], changed: bool) -> None:
    """Esc in a dialog: close it (returning None) at once when nothing was typed, else ask
    first, so that typed text is never thrown away by a stray key."""
    if not changed:
        modal.dismiss(None)
        return

    def answered(yes: bool | None) -> None:
        if yes:
            modal.dismiss(None)

    question = modal.t("visit.discard_question")
    modal.app.push_screen(ConfirmScreen(modal.context, question), answered)
