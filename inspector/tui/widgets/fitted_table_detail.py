"""Under a `FittedTable`: the texts the row under the cursor shows cut, whole (wrapped by
the rule of the printed documents), so that every text of a list can be read in full at
80 columns (walk8 M3).

Each text is kept on one line when it fits (a line breaks between them first), and the
view is as tall as the row of the table whose texts need the most lines (at least two,
at most `MOST_LINES`): the whole text is on screen, and the table does not move as the
cursor does (tui80: 「期限 計画なし（求める期限 既定：…）」 ran past two lines and was cut)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from inspector.tui.message_lines import message_breaks
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.fitted_table import SEPARATOR
from inspector.tui.wrapping import Wrapped, part_starts, wrap_text

LEAST_LINES = 2
MOST_LINES = 6
"""The lines the view takes at most, so that the table keeps rows to show at 80x24."""


def detail_lines(text: Text, width: int) -> list[Text]:
    """`text` as the view draws it in `width` cells."""
    return wrap_text(text, width, message_breaks, part_starts(SEPARATOR))


class CutDetail(Static):
    """The cut texts of the cursor's row of the table it is made for, shown as the cursor
    moves and as the rows are filled again. Empty when the row shows every text whole; its
    height stays the same, so the table above it does not move."""

    DEFAULT_CSS = beside(__file__)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.text = Text()
        self.rows: tuple[Text, ...] = ()

    def show(self, text: Text, rows: Sequence[Text] = ()) -> None:
        """Show `text` (the table's `cut_detail`) when it changed; `rows`: the cut texts of
        every row, for the height."""
        self.rows = tuple(rows)
        self._fit_height()
        if text.plain == self.text.plain and text.spans == self.text.spans:
            return
        self.text = text
        self.update(Wrapped(text, message_breaks, part_starts(SEPARATOR)))

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        width = self.content_region.width or (self.app.size.width - 2)
        needed = max((len(detail_lines(row, width)) for row in self.rows), default=0)
        height = max(LEAST_LINES, min(MOST_LINES, needed))
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height


__all__ = ["CutDetail", "detail_lines"]
