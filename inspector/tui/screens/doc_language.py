"""The language of the notice being made: 日本語 (preselected) or English. The document's
language is its own choice, never the interface's (walk8 M2)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from inspector.context import AppContext
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal

#: (language, how it is offered): each in its own language, as a language menu shows them
CHOICES = (("ja", "日本語"), ("en", "English"))


class DocLanguageScreen(InspectorModal[str]):
    """Returns "ja" or "en" (Enter on the highlighted one), None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="modal.cancel")]

    def __init__(self, context: AppContext, preselected: str = "ja") -> None:
        super().__init__(context)
        self.preselected = preselected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.t("docs9.tui_title")), classes="dialog-title")
            yield OptionList(
                *[Option(Text(label), id=lang) for lang, label in CHOICES], id="doc-lang-options"
            )
            yield Label(plain(self.t("docs9.tui_hint")), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = [lang for lang, _l in CHOICES].index(self.preselected)
        options.focus()

    @on(OptionList.OptionSelected, "#doc-lang-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id or "ja")

    def action_cancel(self) -> None:
        """Close without making the notice."""
        self.dismiss(None)
