"""The reasons of a non-compliance to pick from, each option wrapped whole.

Textual's `SelectionList` draws one line per option (its check button is placed by line),
so a long reason was cut with '…' at 80 columns (walk8b M4). This list is an `OptionList`,
which wraps its options, with the check mark written in each option's text: Space or Enter
toggles the highlighted reason."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from inspector.tui.wrapping import Wrapped

CHECKED = "[x] "
UNCHECKED = "[ ] "


class ReasonList(OptionList):
    """Reasons as (id, label) pairs, some chosen; `selected` is the ids chosen, in order."""

    BINDINGS = [Binding("space", "toggle_highlighted", "toggle", show=False)]

    def __init__(
        self, reasons: Sequence[tuple[str, str]], chosen: Iterable[str], *, id: str | None = None
    ) -> None:
        self._reasons = list(reasons)
        self._chosen = set(chosen) & {reason_id for reason_id, _ in self._reasons}
        super().__init__(
            *[Option(self._prompt(rid, label), id=rid) for rid, label in self._reasons], id=id
        )

    def _prompt(self, reason_id: str, label: str) -> Wrapped:
        # Rich Text: a reason's text is data, never read as markup; wrapped by the
        # line-break rule (Rich broke the line after 「1)」, its only space)
        if reason_id in self._chosen:
            return Wrapped(Text(CHECKED + label, style="bold"))
        return Wrapped(Text(UNCHECKED + label))

    @property
    def selected(self) -> list[str]:
        """The ids of the chosen reasons, in the list's order."""
        return [rid for rid, _ in self._reasons if rid in self._chosen]

    def toggle(self, reason_id: str) -> None:
        """Choose the reason, or unchoose it when it was chosen."""
        self._chosen ^= {reason_id}
        label = dict(self._reasons)[reason_id]
        self.replace_option_prompt(reason_id, self._prompt(reason_id, label))

    def action_toggle_highlighted(self) -> None:
        """Toggle the highlighted reason."""
        if self.highlighted is not None:
            self.toggle(self._reasons[self.highlighted][0])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)


__all__ = ["ReasonList"]
