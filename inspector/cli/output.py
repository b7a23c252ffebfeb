"""Plain output helpers: aligned tables that count Japanese characters as two columns, and JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

import click


@cache
def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def display_width(text: str) -> int:
    if text.isascii():  # most cells: codes, numbers, dates
        return len(text)
    return len(text) + sum(1 for ch in text if _is_wide(ch))


_LINES_PER_WRITE = 1000  # a long listing in few writes: each one is escaped as a whole


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [
        ["" if c is None else str(c) for c in row] for row in rows
    ]
    measured = [[(cell, display_width(cell)) for cell in row] for row in cells]
    widths = [max(row[i][1] for row in measured) for i in range(len(headers))]
    lines: list[str] = []
    for index, row in enumerate(measured):
        line = "  ".join(cell + " " * (widths[i] - w) for i, (cell, w) in enumerate(row))
        lines.append(line.rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
        if len(lines) >= _LINES_PER_WRITE:
            click.echo("\n".join(lines))
            lines = []
    if lines:
        click.echo("\n".join(lines))


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
