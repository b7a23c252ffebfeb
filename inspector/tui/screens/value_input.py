"""Typing the answer of a number or text item, checked against the item's limits.

A number is typed on one line; a text answer (the hearing's system, purpose, period ...)
in a paragraph field a few lines high, where a long answer is read whole before it is saved
(walk8 M4). Enter or Ctrl+S saves, in both."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, TextArea

from inspector.context import AppContext
from inspector.domain.answers import InvalidAnswer, normalize_answer
from inspector.domain.checklist import AnswerType, Item
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.form_keys import ENTER_KEY, keys_hint
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.widgets.paragraph_field import ParagraphField
from inspector.tui.widgets.safe_input import SafeInput


class ValueInputScreen(InspectorModal[tuple[str | None] | None]):
    """Returns (canonical value or None to clear,), or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
        *ENTER_KEY,
    ]

    def __init__(
        self, context: AppContext, item: Item, current: str | None, prefill: str | None
    ) -> None:
        super().__init__(context)
        self.item = item
        self.current = current or ""
        """The answer as it is: a field that differs from it is typed work (a digit typed
        on the runner opens the dialog with it: that is work too)."""
        self.initial = prefill if prefill is not None else self.current

    @property
    def is_number(self) -> bool:
        return self.item.answer is AnswerType.NUMBER

    def compose(self) -> ComposeResult:
        t = self.t
        title = t("tui.runner.input_number") if self.is_number else t("tui.runner.input_text")
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title")
            yield Label(plain(self.item.text.get(t.lang)), classes="dialog-text")
            if self.is_number:
                yield SafeInput(self.initial, id="value-input", type="text", select_on_focus=False)
            else:
                yield ParagraphField(self.initial, id="value-input")
            yield Label("", id="value-error", classes="dialog-error")
            yield Label(
                keys_hint(t, "enter_save", "ctrl_s", "esc", "empty_clears"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        field = self.query_one("#value-input")
        field.focus()
        if isinstance(field, Input):
            field.cursor_position = len(field.value)

    def _typed(self) -> str:
        field = self.query_one("#value-input")
        if isinstance(field, TextArea):
            return field.text
        assert isinstance(field, Input)
        return field.value

    def enter_moves_on(self, field: Input | TextArea) -> bool:
        """Enter saves, in the number's line as in the text's paragraph."""
        return True

    def action_save(self) -> None:
        """Keep the answer typed (an empty field clears it); a control character is refused,
        naming it (a text answer is printed into the report; line breaks stay in it)."""
        answer = Checked("#value-input", self.t("tuictl.field.answer"), self._typed())
        show = self._error
        if refuse_controls(self, self.t, [answer._replace(layout=not self.is_number)], show=show):
            return
        try:
            value = normalize_answer(self.item, self._typed())
        except InvalidAnswer:
            self._error(self._number_problem())
            return
        self.dismiss((value,))

    def _error(self, text: str) -> None:
        self.show_error(self.query_one("#value-error", Label), text)

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
        """Close without changing the answer: at once when the field holds the answer as
        it is, else after asking (y discards, n goes back to the text; walk8 H1)."""
        self.cancel_keeping_work(self._typed() != self.current)
