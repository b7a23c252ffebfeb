"""The command palette (Ctrl+P) with a search box that refuses a control or format character
typed or pasted into it, naming it, as every other field does (`widgets/safe_input.py`):
Textual's own drew a pasted U+202E (right-to-left override) as it is (tui80).

Only public Textual names: `CommandPalette` composes its widgets as it does; its
`CommandInput` is given as a `SafeInput` of the same kind, with its placeholder."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.command import CommandInput, CommandPalette
from textual.widget import Widget

from inspector.tui.widgets.safe_input import SafeInput


class PaletteInput(CommandInput, SafeInput):
    """The palette's search box: a `CommandInput` that refuses and names a control
    character (and never draws one). `CommandInput` first: the palette finds it (and styles
    it) by that name."""


class SafePalette(CommandPalette):
    """`CommandPalette` whose search box is a `PaletteInput`."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield _safe(widget)


def _safe(widget: Widget) -> Widget:
    if isinstance(widget, CommandInput) and not isinstance(widget, PaletteInput):
        return PaletteInput(placeholder=widget.placeholder, select_on_focus=False)
    return widget


__all__ = ["PaletteInput", "SafePalette"]
