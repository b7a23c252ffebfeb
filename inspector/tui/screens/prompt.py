"""A one-line question: search text, the reason for reopening a session."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from inspector.context import AppContext
from inspector.tui.controls import SAVED, Checked, refuse_controls
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.widgets.safe_input import SafeInput


class PromptScreen(InspectorModal[str | None]):
    """Returns the text typed (Enter), or None (Esc)."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="modal.cancel")]

    def __init__(
        self,
        context: AppContext,
        title: str,
        value: str = "",
        *,
        required: bool = False,
        required_text: str | None = None,
        check: Callable[[str], str | None] | None = None,
        control_key: str = SAVED,
        field: str | None = None,
        refused: str | None = None,
    ) -> None:
        super().__init__(context)
        self.title_text = title
        self.value = value
        self.required = required
        """Refuse an empty answer (a reason that is logged must say something)."""
        self.required_text = required_text
        """What an empty answer is told (default: a reason is asked for)."""
        self.check = check
        """What is wrong with an answer (None: nothing): shown here, the dialog kept open
        with the answer as typed (walk7b N3: a refused path was forgotten)."""
        self.control_key = control_key
        """What a control character in the answer is told: a stored text (`SAVED`, the
        default), a path or a value written into a file now (`WRITTEN`), a search (`TYPED`:
        echoed back when nothing matches). It is refused in every prompt."""
        self.field = field or title
        """The answer's short name (「取下げの理由」) that a refusal names: the title may be
        a whole question (tui14: a refusal quoted the prompt as the field)."""
        self.refused = refused
        """Why the answer given before was refused after this dialog closed (the prompt
        opened again with that answer as its value): shown from the start."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield SafeInput(self.value, id="prompt-input")
            yield Label(self.t("tui.prompt.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        if self.refused:
            self._show_problem(self.refused)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.required and not event.value.strip():
            said = self.required_text or self.t("tui.prompt.required")
            self.notify(said, severity="warning")
            return
        line = [Checked("#prompt-input", self.field, event.value)]
        if refuse_controls(self, self.t, line, key=self.control_key, show=self._show_problem):
            return
        problem = self.check(event.value) if self.check is not None else None
        if problem:
            self._show_problem(problem)
            return
        self.dismiss(event.value)

    def _show_problem(self, problem: str) -> None:
        errors = self.query(".dialog-error").results(Label)
        label = next(errors, None)
        if label is None:  # mounted only when needed: the dialog stays one line otherwise
            label = Label("", classes="dialog-error", id="prompt-error")
            self.query_one(".dialog").mount(label, before=self.query_one(".dialog-hint"))
        self.show_error(label, problem)

    def action_cancel(self) -> None:
        """Close without an answer: at once when the line is as it opened, else after
        asking (walk7 M1: a typed place was thrown away by Esc)."""
        self.cancel_keeping_work()
