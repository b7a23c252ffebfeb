"""Nothing the user entered is lost when the application ends.

The protocol: a screen that can hold work not yet in the database answers
`unsaved_work() -> str | None`, a short sentence in the interface language naming what would
be lost (None when nothing would be). The runner names its answers whose save failed, the
layout editor its changed room, and every dialog (`InspectorModal`) the text typed into its
fields since it opened (`FormSnapshot`: a dialog whose fields are as they opened is not
unsaved work; a passphrase or a list's filter is not work).

Quitting (`ctrl+q`, the palette's quit) walks the screen stack with `unsaved_work_in`, and
asks when anything would be lost (`screens/quit_confirm.py`). A closed terminal (SIGHUP)
cannot ask: `InspectorApp` gives each screen that has it `save_before_hangup()` (the runner
commits its unsaved answers once more) and ends the application normally, so that what is
already committed stays and the writer threads finish.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, TextArea


@runtime_checkable
class HoldsWork(Protocol):
    """A screen that can hold work the database does not have yet."""

    def unsaved_work(self) -> str | None:
        """What would be lost if the application ended now, or None."""


def unsaved_work_in(screens: Iterable[Screen[Any]]) -> list[str]:
    """What each screen of `screens` would lose, top first, in order."""
    lost: list[str] = []
    for screen in reversed(list(screens)):
        if isinstance(screen, HoldsWork):
            what = screen.unsaved_work()
            if what:
                lost.append(what)
    return lost


def _is_work(widget: Widget) -> bool:
    """A field whose text is the user's work: not a passphrase, not a list's filter."""
    from inspector.tui.widgets.filter_list import FilterList

    if isinstance(widget, Input) and widget.password:
        return False
    return not any(isinstance(parent, FilterList) for parent in widget.ancestors)


def form_values(screen: Screen[Any]) -> tuple[object, ...]:
    """The values of the screen's fields that hold the user's work, in order."""
    values: list[object] = []
    for widget in screen.query("Input, TextArea, Select, Checkbox"):
        if not _is_work(widget):
            continue
        if isinstance(widget, TextArea):
            values.append(widget.text)
        elif isinstance(widget, (Input, Select, Checkbox)):
            values.append(widget.value)
    return tuple(values)


def dialog_title(screen: Screen[Any]) -> str:
    """The text of the dialog's title line ('' when it has none)."""
    for label in screen.query(".dialog-title").results(Label):
        visual = label.visual
        return str(getattr(visual, "plain", visual))
    return ""


class FormSnapshot:
    """A dialog's fields as they were when it opened (taken once the screen is mounted)."""

    def __init__(self) -> None:
        self.values: tuple[object, ...] | None = None

    def take(self, screen: Screen[Any]) -> None:
        self.values = form_values(screen)

    def changed(self, screen: Screen[Any]) -> bool:
        """Whether any field holding work differs from when the dialog opened."""
        return self.values is not None and form_values(screen) != self.values


__all__ = [
    "FormSnapshot",
    "HoldsWork",
    "dialog_title",
    "form_values",
    "unsaved_work_in",
]
