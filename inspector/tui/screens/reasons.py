"""Picking the reasons for a non-compliance from the item's list, plus free text."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from inspector.context import AppContext
from inspector.domain.checklist import Item
from inspector.domain.model import AnswerState
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.form_keys import ENTER_KEY, TEXT_FIELDS, keys_hint
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.type_ahead import ReplayedTypeAhead
from inspector.tui.widgets.paragraph_field import ParagraphField
from inspector.tui.widgets.reason_list import ReasonList

LIST_ROWS = 10
"""The most rows the list of reasons takes (its border included)."""
AROUND_THE_LIST = 15
"""The dialog's rows besides the list: border 2, title 1, item text 2 and its margin 1, the
free text's label 1 and field 5, the hint 2, and one to spare."""


class ReasonsScreen(ReplayedTypeAhead, InspectorModal[tuple[tuple[str, ...], str] | None]):
    """Returns (reason ids in the item's order, free text), or None when cancelled.

    The free text is a paragraph field a few lines high (walk8 M4: a one-line field showed
    only the tail of a long reason). Enter in it saves, as the hint says; in the list,
    Enter picks the highlighted reason."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
        *ENTER_KEY,
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
                keys: tuple[str, ...] = ("numbers_pick", "enter_pick_or_save", "ctrl_s", "esc")
            else:
                yield Label(t("tui.reasons.none_listed"), classes="dialog-hint")
                keys = ("enter_save", "ctrl_s", "esc")
            yield Label(t("tui.reasons.free_text"))
            yield ParagraphField(self.state.reason_text, id="reasons-text")
            yield Label(keys_hint(t, *keys), classes="dialog-hint")

    def on_mount(self) -> None:
        self._fit_list(self.app.size.height)
        # keys typed as it opened (`r Tab text`) are typed again once it is ready (hunt10 M2)
        first = "#reasons-list" if self.item.reasons else "#reasons-text"
        self.replay_start(self.query_one(first))

    def on_resize(self, event: events.Resize) -> None:
        self._fit_list(event.size.height)

    def _fit_list(self, height: int) -> None:
        """The list of reasons as tall as leaves the free text its lines: at 24 rows six
        lines (it scrolls), so that the dialog (90% of the screen) still shows the field
        and the hint under it; ten lines on a taller terminal."""
        if self.item.reasons:
            rows = max(4, min(LIST_ROWS, height * 9 // 10 - AROUND_THE_LIST))
            self.query_one("#reasons-list", ReasonList).styles.max_height = rows

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_reason":
            return bool(self.item.reasons) and not isinstance(self.focused, TEXT_FIELDS)
        return True

    def action_toggle_reason(self, number: int) -> None:
        """Select or unselect the reason with this number."""
        if 1 <= number <= len(self.item.reasons):
            self.query_one("#reasons-list", ReasonList).toggle(self.item.reasons[number - 1].id)

    def action_save(self) -> None:
        """Keep the reasons chosen."""
        selected: set[str] = set()
        if self.item.reasons:
            selected = set(self.query_one("#reasons-list", ReasonList).selected)
        ordered = tuple(r.id for r in self.item.reasons if r.id in selected)
        text = self.query_one("#reasons-text", ParagraphField).value.strip()
        free = Checked("#reasons-text", self.t("tui.reasons.free_text"), text, layout=True)
        if refuse_controls(self, self.t, [free]):
            return
        self.dismiss((ordered, text))

    def action_cancel(self) -> None:
        """Close without changing the reasons (asks first when some were changed)."""
        picked: set[str] = set(self.state.reasons)
        if self.item.reasons:
            picked = set(self.query_one("#reasons-list", ReasonList).selected)
        self.cancel_keeping_work(picked != set(self.state.reasons))
