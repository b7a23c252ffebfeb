"""Cells of the consolidation tables: right-aligned counts, rates, an item's text."""

from __future__ import annotations

from rich.text import Text

from inspector.domain.checklist import Checklist
from inspector.tui.text import pad

TEXT_WIDTH = 16
"""Cells of the item text in the tables (the id column stays whole)."""


def num(value: object, *, bold: bool = False) -> Text:
    return Text(str(value), justify="right", style="bold red" if bold else "")


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def item_text(checklist: Checklist, item_id: str, lang: str, width: int = TEXT_WIDTH) -> Text:
    return Text(pad(checklist.item(item_id).text.get(lang), width))


__all__ = ["TEXT_WIDTH", "item_text", "num", "percent"]
