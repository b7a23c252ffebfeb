"""A table of fixed-width columns fitted to 80 terminal columns, whose growing columns
take the room of a wider terminal (home, findings and plans lists)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from inspector.domain.controls import first_control
from inspector.tui.text import Column, column_widths, pad, shown

NARROW = 80
"""The terminal width every table fits (`Column.width`)."""


class FittedTable(DataTable[Text]):
    """A table of `Column`s: fitted to 80 terminal columns, the growing columns take the room
    of a wider terminal. On a resize that changes the widths the columns are made again and
    `refill` shows the rows again; the cursor stays on the same row key."""

    def __init__(
        self,
        columns: Sequence[Column],
        header: Callable[[str], str],
        refill: Callable[[], object] | None = None,
        *,
        screen_enter: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.screen_enter = screen_enter
        """Enter is the screen's binding (shown in its footer), not the table's select: the
        table's Enter is disabled and the key passes on to the screen, in its turn."""
        self.specs = tuple(columns)
        self.header = header
        self._refill = refill
        self.widths = column_widths(self.specs, NARROW)
        """The width of each column shown, by key, in order."""
        self._needed: dict[str, int] | None = None
        """The cells the rows' content takes, by column (`fit_content`)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With `screen_enter`, the table's own Enter (select the row) is off, so the key
        # goes on to the screen's non-priority Enter binding. A screen's Enter bound with
        # `priority=True` (to be shown in the footer over the table's hidden one) ran as
        # the key arrived, before the keys queued ahead of it (Down Down) moved the
        # cursor: a burst opened the row highlighted before (walk8 H3). A click still
        # selects a row (RowSelected).
        if self.screen_enter and action == "select_cursor":
            return False
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        self._add_columns()

    def fit_content(self, rows: Iterable[Mapping[str, str]]) -> None:
        """Fit the columns to these rows' texts before they are added: a column no wider
        than its header and its widest text, the cells it leaves given to the growing
        columns (the text a fixed width cut). The rows are added after, with `widths`."""
        needed: dict[str, int] = {}
        for row in rows:
            for key, text in row.items():
                needed[key] = max(needed.get(key, 0), cell_len(shown(text)))
        for key in needed:
            needed[key] = max(needed[key], cell_len(self.header(key)))
        self._needed = needed
        widths = column_widths(self.specs, self.size.width or NARROW, needed)
        if widths != self.widths:
            self.widths = widths
            if self.columns:  # else on_mount adds them, with these widths
                self.clear(columns=True)
                self._add_columns()

    def on_resize(self) -> None:
        widths = column_widths(self.specs, self.size.width, self._needed)
        if widths == self.widths:
            return
        keep = self.cursor_key
        self.widths = widths
        self.clear(columns=True)
        self._add_columns()
        self.refill()
        if keep is not None:
            with suppress(RowDoesNotExist):
                self.move_cursor(row=self.get_row_index(keep))

    def _add_columns(self) -> None:
        for key, width in self.widths.items():
            self.add_column(Text(pad(self.header(key), width)), key=key, width=width)

    def refill(self) -> None:
        """Show the rows again, with the new widths."""
        if self._refill is not None:
            self._refill()

    def add_cells(self, cells: Mapping[str, Text], key: str) -> None:
        """Add a row from its cells by column key (the columns not shown are left out);
        a cell holding a control character is shown with it written out."""
        self.add_row(*(_shown_cell(cells[name]) for name in self.widths), key=key)

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor."""
        if self.row_count == 0 or not 0 <= self.cursor_row < self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value


def _shown_cell(cell: Text) -> Text:
    if first_control(cell.plain, allow_layout=False) is None:
        return cell
    return Text(shown(cell.plain), style=cell.style, justify=cell.justify)
