"""A message in a dialog (a banner, a hint) wrapped by the line-break rule of messages
(`inspector.tui.message_lines`): Rich's own wrapping broke 「Ctrl+O」 from 「で内容に…」
and a word in katakana in two at 80 columns (tui80)."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static

from inspector.tui.message_lines import message_breaks, message_text
from inspector.tui.wrapping import Breaks, Wrapped


class MessageLines(Static):
    """`message` (data as it is, never read as markup) on as many lines as it needs, broken
    where a line of a message may break; `prefer`: where a line breaks first (a command
    after a full-width space starts a line, whole). `str(widget.render())` is the message."""

    def __init__(
        self, message: str | Text = "", prefer: Breaks | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.message = message
        self.prefer = prefer

    def show(self, message: str | Text) -> None:
        """Show `message` instead."""
        self.message = message
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        return Wrapped(message_text(self.message), message_breaks, self.prefer)


__all__ = ["MessageLines"]
