"""Data shown as it is, never read as Textual markup.

`Label`, `Static`, `update`, `Button`, option prompts and DataTable cells read a `str` as
content markup: a name like `[/]` ends the application (MarkupError), `[b]x[/b]` shows
bold, `[@click=app.quit]...` becomes a clickable action. Text that holds data (names,
paths, error texts, notes, cell values, a search query, a translated message with data in
it) goes through `plain` (`plain_cell` for a table's cell or a select's option) instead;
`InspectorApp.notify` never reads markup. A test scans the package
(`tests/tui/test_markup_scan.py`).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from inspector.domain.controls import escape_controls


def plain(text: str | Text | Content) -> Content | Text:
    """`text` as literal content (control characters written out, newline and tab kept); Rich
    Text and Content, which are never parsed, are returned as they are."""
    if isinstance(text, str):
        return Content(escape_controls(text, keep_layout=True))
    return text


def plain_cell(text: str | Text) -> Text:
    """A DataTable cell or option prompt of data: Rich Text, which is never parsed."""
    if isinstance(text, str):
        return Text(escape_controls(text, keep_layout=True))
    return text


__all__ = ["plain", "plain_cell"]
