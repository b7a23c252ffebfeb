"""Text helpers for double-width (Japanese) text in fixed-width columns."""

from __future__ import annotations

from rich.cells import cell_len


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` terminal cells, ending with '…' when cut."""
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
