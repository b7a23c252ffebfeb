"""A table of fixed-width columns fitted to 80 terminal columns, whose growing columns
take the room of a wider terminal (home, findings and plans lists).

A column that cuts its texts cuts them apart (`fitted`: two checklists never read the same
住民基本台帳ネ…), and keeps them whole for the line under the table (`cut_detail`, shown by
`CutDetail` for the row under the cursor) (walk8 M3)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Self

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from inspector.domain.controls import first_control
from inspector.tui.text import Column, column_widths, pad, shown
from inspector.tui.wrapping import distinct_fits

if TYPE_CHECKING:
    from inspector.tui.widgets.fitted_table_detail import CutDetail

SEPARATOR = "   "
"""Between the cut texts of a row (`cut_detail`)."""

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
        self._whole: dict[str, dict[str, str]] = {}
        """By row key: the texts a column cut, whole, by column key (`cut_detail`)."""
        self.cut_view: CutDetail | None = None
        """Where the cursor's row's cut texts are shown (`show_cut_in`)."""
        self._cut_pending = False

    def show_cut_in(self, view: CutDetail) -> CutDetail:
        """Show the cursor's row's cut texts in `view` from now on (returns it, to yield)."""
        self.cut_view = view
        return view

    def on_data_table_row_highlighted(self) -> None:
        # the message goes on to the screen's handlers
        self._show_cut()

    def _show_cut(self) -> None:
        self._cut_pending = False
        if self.cut_view is not None and self.cut_view.is_attached:
            rows = [self.cut_detail(key) for key in self._whole]
            self.cut_view.show(self.cut_detail(), rows)

    def _show_cut_soon(self) -> None:
        """Once the rows being added are in (the cursor may not move when they change)."""
        if self.cut_view is not None and not self._cut_pending:
            self._cut_pending = True
            self.call_after_refresh(self._show_cut)

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

    def fitted(self, column: str, texts: Sequence[str]) -> list[str]:
        """`texts` (one per row, in order) fitted and padded to `column`'s width, those
        that differ never cut the same (`distinct_fits`). Pass each whole text again to
        `add_cells` (`whole`) for the line under the table."""
        width = self.widths[column]
        return [pad(text, width) for text in distinct_fits(texts, width)]

    def add_cells(
        self, cells: Mapping[str, Text], key: str, whole: Mapping[str, str] | None = None
    ) -> None:
        """Add a row from its cells by column key (the columns not shown are left out);
        a cell holding a control character is shown with it written out. `whole`: the
        texts before they were cut, by column key; those a cell does not show in full are
        kept for `cut_detail`."""
        self.add_row(*(_shown_cell(cells[name]) for name in self.widths), key=key)
        cut = {
            name: shown(text)
            for name, text in (whole or {}).items()
            if name in self.widths and cells[name].plain.rstrip() != shown(text).rstrip()
        }
        if cut:
            self._whole[key] = cut
        self._show_cut_soon()

    def clear(self, columns: bool = False) -> Self:
        self._whole = {}
        self._show_cut_soon()
        return super().clear(columns)

    def cut_detail(self, key: str | None = None) -> Text:
        """The texts of row `key` (the cursor's) that its cells cut, whole, each after its
        column's heading, one after the other (wrapped as one paragraph, the fewest lines);
        empty when nothing was cut."""
        key = self.cursor_key if key is None else key
        out = Text()
        for name, text in self._whole.get(key or "", {}).items():
            if out:
                out.append(SEPARATOR)
            out.append(self.header(name).strip(), style="bold")
            out.append(" " + text)
        return out

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
