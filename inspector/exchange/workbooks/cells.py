"""Single workbook cells: text is always text (never a formula), and what a returned
cell holds as the text the answer parser reads."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")


def set_text(cell: Any, text: str) -> None:
    """Write `text` as a string. openpyxl takes a str starting with `=` for a formula; such
    a text gets Excel's quote prefix so that editing the cell does not make it one either."""
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def cell_text(value: Any) -> str:
    """A returned cell's value as text: numbers without a spurious `.0`, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
