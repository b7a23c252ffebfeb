"""Plain output helpers: aligned tables that count Japanese characters as two columns, and JSON."""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

import click


@functools.lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    # cached: a long table repeats its names and dates; ASCII is one column a character
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    if text.isascii():  # one column a character: the C padding
        return text.ljust(width)
    return text + " " * (width - display_width(text))


CELL_LIMIT = 120
"""The widest a table cell is shown (columns): a longer text is cut, with …, so that one
100,000-character name does not pad every row of the table to its width (hunt9 L1: 14.9 MB
for three people). `--json`, and the screens that show one record, keep it whole."""


def cut_cell(text: str, limit: int = CELL_LIMIT) -> str:
    """`text` when it is at most `limit` columns wide, else its start and `…` in `limit`."""
    if len(text) <= limit and display_width(text) <= limit:
        return text
    kept, width = [], 0
    for char in text:
        cells = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if width + cells > limit - 1:
            break
        kept.append(char)
        width += cells
    return "".join(kept) + "…"


_LINES_PER_WRITE = 1000  # a long listing in few writes: each one is escaped as a whole


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [
        ["" if c is None else cut_cell(str(c)) for c in row] for row in rows
    ]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(map(_pad, row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for start in range(0, len(lines), _LINES_PER_WRITE):
        click.echo("\n".join(lines[start : start + _LINES_PER_WRITE]))


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
