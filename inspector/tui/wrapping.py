"""Japanese text wrapped by the rule of the printed documents (禁則処理): no line of the
screen starts with 。、）」 or a small kana, none ends with （「, and a date or a Latin word
is not broken inside. Rich's own wrapping breaks Japanese anywhere."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from inspector.domain.line_breaks import break_opportunities

Breaks = Callable[[str], list[bool]]
"""Where a line may start (`break_opportunities` and its like)."""


def line_starts(plain: str, width: int, breaks: Breaks = break_opportunities) -> list[int]:
    """Where each line of one paragraph `plain` starts, for lines of at most `width`
    terminal cells (trailing spaces aside). A line breaks at the last place the rule
    (`breaks`) allows; a run with no such place (a long Latin word) is cut at the width."""
    allowed = breaks(plain)
    starts = [0]
    used = 0
    for index, char in enumerate(plain):
        size = cell_len(char)
        start = starts[-1]
        if used + size > width and index > start and char != " ":
            cut = next((j for j in range(index, start, -1) if allowed[j]), index)
            starts.append(cut)
            used = cell_len(plain[cut:index])
        used += size
    return starts


def wrap_text(text: Text, width: int, breaks: Breaks = break_opportunities) -> list[Text]:
    """`text` as lines of at most `width` cells, its styles kept; a newline starts a line."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        if width < 2 or not plain:
            lines.append(paragraph)
            continue
        offsets = line_starts(plain, width, breaks)[1:]
        for line in paragraph.divide(offsets):
            line.rstrip()
            lines.append(line)
    return lines


class Wrapped:
    """A renderable of `text` wrapped by `wrap_text` to the width it is given."""

    def __init__(self, text: Text, breaks: Breaks = break_opportunities) -> None:
        self.text = text
        self.breaks = breaks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_text(self.text, options.max_width, self.breaks):
            line.no_wrap = True
            line.overflow = "crop"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


__all__ = ["Wrapped", "line_starts", "wrap_text"]
