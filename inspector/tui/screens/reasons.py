"""Picking the reasons for a non-compliance from the item's list, plus free text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from inspector.context import AppContext
from inspector.domain.checklist import Item
from inspector.domain.model import AnswerState
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.widgets.reason_list import ReasonList


class ReasonsScreen(InspectorModal[tuple[tuple[str, ...], str] | None]):
    """Returns (reason ids in the item's order, free text), or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
        *[
            Binding(
                str(n), f"toggle_reason({n})", f"toggle {n}", show=False, id=f"modal.toggle_{n}"
            )
            for n in range(1, 10)
        ],
    ]

    def __init__(self, context: AppContext, item: Item, state: AnswerState) -> None:
        super().__init__(context)
        self.item = item
        self.state = state

    def compose(self) -> ComposeResult:
        t = self.t
        chosen = set(self.state.reasons)
        with Vertical(classes="dialog"):
            yield Label(t("tui.reasons.title"), classes="dialog-title")
            yield Label(plain(self.item.text.get(t.lang)), classes="dialog-text")
            if self.item.reasons:
                # wrapped options (walk8b M4): a long reason is read whole at 80 columns
                yield ReasonList(
                    [(r.id, f"{n}) {r.get(t.lang)}") for n, r in enumerate(self.item.reasons, 1)],
                    chosen,
                    id="reasons-list",
                )
            else:
                yield Label(t("tui.reasons.none_listed"), classes="dialog-hint")
            yield Label(t("tui.reasons.free_text"))
            yield Input(self.state.reason_text, id="reasons-text")
            yield Label(t("tui.reasons.hint"), classes="dialog-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_reason":
            return bool(self.item.reasons) and not isinstance(self.focused, Input)
        return True

    def action_toggle_reason(self, number: int) -> None:
        """Select or unselect the reason with this number."""
        if 1 <= number <= len(self.item.reasons):
            self.query_one("#reasons-list", ReasonList).toggle(self.item.reasons[number - 1].id)

    @on(Input.Submitted, "#reasons-text")
    def action_save(self) -> None:
        """Keep the reasons chosen."""
        selected: set[str] = set()
        if self.item.reasons:
            selected = set(self.query_one("#reasons-list", ReasonList).selected)
        ordered = tuple(r.id for r in self.item.reasons if r.id in selected)
        text = self.query_one("#reasons-text", Input).value.strip()
        self.dismiss((ordered, text))

    def action_cancel(self) -> None:
        """Close without changing the reasons (asks first when some were changed)."""
        picked: set[str] = set(self.state.reasons)
        if self.item.reasons:
            picked = set(self.query_one("#reasons-list", ReasonList).selected)
        self.cancel_keeping_work(picked != set(self.state.reasons))
