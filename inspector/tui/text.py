"""Text helpers for double-width (Japanese) text in fixed-width columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from inspector.domain.controls import escape_controls


def shown(text: str) -> str:
    """Data text as the interface shows it in a line or cell: every control character
    written out (ESC as `\\x1b`), so that a name holding `ESC[2J` cannot clear or recolour
    the terminal. `fit`, `pad` and the tables' cells pass through here."""
    return escape_controls(text, keep_layout=False)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` terminal cells, ending with '…' when cut (control
    characters written out first, see `shown`)."""
    text = shown(text)
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    out: list[str] = []
    used = 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    """`text` fitted and padded with spaces to exactly `width` cells."""
    fitted = fit(text, width)
    return fitted + " " * (width - cell_len(fitted))


SCROLLBAR = 2
"""Cells a table keeps free for its vertical scrollbar."""


@dataclass(frozen=True)
class Column:
    """A column of a DataTable that fits 80 terminal columns and takes the room of a wider
    terminal."""

    key: str
    width: int
    """Cells at 80 columns; 0 for a column shown only when there is room for `least`."""
    grow: int = 0
    """The column's share of a wider terminal's spare cells (0: it keeps `width`)."""
    widest: int = 0
    """The most cells it grows to."""
    least: int = 0
    """For a column of width 0: the cells it needs to be shown at all."""


def column_widths(
    columns: Sequence[Column], table_width: int, needed: Mapping[str, int] | None = None
) -> dict[str, int]:
    """The width of each column shown in a table `table_width` cells wide, in order.

    The columns keep their 80-column widths; on a wider terminal the spare cells first show
    the columns of width 0 (in order, when there is room for their `least`), then go to the
    growing columns by their `grow`, each up to its `widest`. Every cell has one cell of
    padding either side, and the scrollbar's cells are kept free.

    `needed`: the cells the content of a column takes (its header and its widest cell).
    Such a column is no wider than that, and the cells it leaves go to the growing columns
    (a short column gives its room to the text that is cut); a growing column grows to no
    more than its content either."""

    def cap(column: Column, width: int) -> int:
        if needed is None or column.key not in needed:
            return width
        return max(1, min(width, needed[column.key]))

    def spare() -> int:
        used = sum(widths.values()) + 2 * len(widths)
        return table_width - SCROLLBAR - used

    widths = {c.key: cap(c, c.width) for c in columns if c.width > 0}
    for column in columns:
        if column.width <= 0 and column.least > 0 and spare() >= column.least + 2:
            widths[column.key] = column.least
    growing = [c for c in columns if c.grow > 0 and c.key in widths]
    while (room := spare()) > 0:
        open_ = [c for c in growing if widths[c.key] < cap(c, c.widest)]
        if not open_:
            break
        weights = sum(c.grow for c in open_)
        given = 0
        for column in open_:
            share = min(
                cap(column, column.widest) - widths[column.key], room * column.grow // weights
            )
            widths[column.key] += share
            given += share
        if given == 0:  # less than a cell each: the few left stay free
            break
    return {c.key: widths[c.key] for c in columns if c.key in widths}


def wrap_parts(parts: Sequence[str], separator: str, width: int) -> str:
    """The parts joined by `separator`, as many on a line as fit in `width` cells: a line
    breaks between parts, never inside one (a part longer than a line is left for the
    widget to wrap). A line that breaks ends with the separator without its spaces."""
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1] + separator + part) <= width:
            lines[-1] += separator + part
        else:
            if lines:
                lines[-1] += separator.rstrip()
            lines.append(part)
    return "\n".join(lines)
