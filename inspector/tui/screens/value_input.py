"""Typing the answer of a number or text item, checked against the item's limits."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from inspector.context import AppContext
from inspector.domain.answers import InvalidAnswer, normalize_answer
from inspector.domain.checklist import AnswerType, Item
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal


class ValueInputScreen(InspectorModal[tuple[str | None] | None]):
    """Returns (canonical value or None to clear,), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="modal.cancel")]

    def __init__(
        self, context: AppContext, item: Item, current: str | None, prefill: str | None
    ) -> None:
        super().__init__(context)
        self.item = item
        self.initial = prefill if prefill is not None else (current or "")

    def compose(self) -> ComposeResult:
        t = self.t
        is_number = self.item.answer is AnswerType.NUMBER
        title = t("tui.runner.input_number") if is_number else t("tui.runner.input_text")
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title")
            yield Label(plain(self.item.text.get(t.lang)), classes="dialog-text")
            yield Input(self.initial, id="value-input", type="text")
            yield Label("", id="value-error", classes="dialog-error")
            yield Label(t("tui.value.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        field = self.query_one("#value-input", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#value-input")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            value = normalize_answer(self.item, event.value)
        except InvalidAnswer:
            self.show_error(self.query_one("#value-error", Label), self._number_problem())
            return
        self.dismiss((value,))

    def _number_problem(self) -> str:
        item = self.item
        if item.minimum is not None and item.maximum is not None:
            return self.t(
                "tui.runner.range", minimum=f"{item.minimum:g}", maximum=f"{item.maximum:g}"
            )
        if item.minimum is not None:
            return self.t("tui.value.below_minimum", minimum=f"{item.minimum:g}")
        if item.maximum is not None:
            return self.t("tui.value.above_maximum", maximum=f"{item.maximum:g}")
        return self.t("tui.value.invalid_number")

    def action_cancel(self) -> None:
        """Close without changing the answer: at once when nothing was typed, else ask
        first (walk8b: a typed number was dropped by Esc without asking)."""
        self.cancel_keeping_work()
