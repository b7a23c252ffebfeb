"""A type-to-filter list: an input above a list; Up and Down move the highlight from the
input; Enter picks the highlighted entry."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from inspector.domain.controls import first_control
from inspector.tui.runner_model import fold
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeInput


@dataclass(frozen=True)
class Entry:
    """One pickable entry: `key` is returned, `label` shown, `search` also matched."""

    key: str
    label: str
    search: str = ""


class FilterInput(SafeInput):
    """The filter box: Up and Down move the list's highlight (office15: an Input scrolls
    with them, and a dialog runs a field's own keys first, so the list's bindings were
    never reached)."""

    BINDINGS = [
        Binding("down", "move_list(1)", "down", show=False, id="new.down"),
        Binding("up", "move_list(-1)", "up", show=False, id="new.up"),
    ]

    def action_move_list(self, step: int) -> None:
        """Move the highlight of the list below."""
        parent = self.parent
        if isinstance(parent, FilterList):
            parent.action_move(step)


class FilterList(Vertical):
    """Type to narrow the list; up/down move; Enter picks."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("down", "move(1)", "down", show=False, id="new.down"),
        Binding("up", "move(-1)", "up", show=False, id="new.up"),
    ]

    class Picked(Message):
        """An entry was chosen."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, placeholder: str, empty_text: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.placeholder = placeholder
        self.empty_text = empty_text
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder=self.placeholder, id="filter-input")
        yield OptionList(id="filter-options")

    def set_entries(self, entries: list[Entry], highlight: str | None = None) -> None:
        """Show `entries` with an empty filter and focus the input."""
        self.entries = entries
        field = self.query_one(Input)
        field.value = ""
        self._apply("", highlight)
        field.focus()

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        self._apply(event.value, None)

    def _apply(self, text: str, highlight: str | None) -> None:
        # a pasted control or format character (a zero-width space) is ignored: the box
        # only filters, nothing typed in it is stored or printed
        needle = fold("".join(c for c in text if first_control(c, False) is None).strip())
        options = self.query_one(OptionList)
        shown = [e for e in self.entries if not needle or needle in fold(f"{e.label} {e.search}")]
        if shown:
            options.set_options(Option(Text(e.label), id=e.key) for e in shown)
            index = 0
            if highlight is not None:
                index = next((i for i, e in enumerate(shown) if e.key == highlight), 0)
            options.highlighted = index
        else:
            options.set_options([Option(Text(self.empty_text, style="dim"), disabled=True)])

    def action_move(self, step: int) -> None:
        """Move the highlight from the input."""
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted, "#filter-input")
    def _submitted(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id is not None and not option.disabled:
            self.post_message(self.Picked(option.id))

    @on(OptionList.OptionSelected, "#filter-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(event.option.id))
