"""Under a `FittedTable`: the texts the row under the cursor shows cut, whole (wrapped by
the rule of the printed documents), so that every text of a list can be read in full at
80 columns (walk8 M3)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from inspector.tui.stylesheet import beside
from inspector.tui.wrapping import Wrapped


class CutDetail(Static):
    """The cut texts of the cursor's row of the table it is made for, shown as the cursor
    moves and as the rows are filled again. Empty when the row shows every text whole; its
    height stays the same, so the table above it does not move."""

    DEFAULT_CSS = beside(__file__)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.text = Text()

    def show(self, text: Text) -> None:
        """Show `text` (the table's `cut_detail`) when it changed."""
        if text.plain == self.text.plain and text.spans == self.text.spans:
            return
        self.text = text
        self.update(Wrapped(text))


__all__ = ["CutDetail"]
