"""A horizontal bar chart drawn with block characters.

One row per bar: the label (fitted to a fixed number of terminal cells, so Japanese
labels line up), the bar (full blocks and one eighth-block for the remainder, scaled to
the largest value and the widget's width) and the value's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from inspector.tui.stylesheet import beside
from inspector.tui.text import pad

_EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""
    """What is written after the bar (the value itself when empty)."""
    style: str = ""


def draw_bar(value: float, maximum: float, width: int) -> str:
    """The bar of `value` on a scale where `maximum` fills `width` cells."""
    if width <= 0 or maximum <= 0 or value <= 0:
        return ""
    eighths = round(min(value / maximum, 1.0) * width * 8)
    eighths = max(eighths, 1)  # a nonzero value always shows
    full, rest = divmod(eighths, 8)
    return FULL * full + (_EIGHTHS[rest] if rest else "")


class BarChart(Widget):
    """`chart.bars = [Bar(...), ...]`; an empty chart shows `empty_text`."""

    DEFAULT_CSS = beside(__file__)

    bars: reactive[tuple[Bar, ...]] = reactive((), layout=True)

    def __init__(
        self,
        *,
        label_width: int = 16,
        empty_text: str = "",
        bar_style: str = "red",
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.label_width = label_width
        self.empty_text = empty_text
        self.bar_style = bar_style

    def set_bars(self, bars: list[Bar] | tuple[Bar, ...]) -> None:
        self.bars = tuple(bars)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(len(self.bars), 1)

    def rows(self, width: int) -> list[tuple[str, str, str]]:
        """(fitted label, bar, value text) of each bar for a chart `width` cells wide."""
        if not self.bars:
            return []
        texts = [b.text or _number(b.value) for b in self.bars]
        text_width = max(cell_len(t) for t in texts)
        label_width = min(self.label_width, max(cell_len(b.label) for b in self.bars))
        bar_width = max(width - label_width - text_width - 2, 1)
        maximum = max(b.value for b in self.bars)
        return [
            (pad(bar.label, label_width), draw_bar(bar.value, maximum, bar_width), value_text)
            for bar, value_text in zip(self.bars, texts, strict=True)
        ]

    def lines(self, width: int) -> list[str]:
        """The chart as plain lines of at most `width` cells (also used by tests)."""
        if not self.bars:
            return [self.empty_text]
        return [f"{label} {drawn} {value}" for label, drawn, value in self.rows(width)]

    def render(self) -> Text:
        if not self.bars:
            return Text(self.empty_text, style="dim")
        width = self.content_region.width or self.size.width or 40
        result = Text(no_wrap=True, overflow="crop")
        for index, (bar, (label, drawn, value)) in enumerate(
            zip(self.bars, self.rows(width), strict=True)
        ):
            if index:
                result.append("\n")
            result.append(label + " ")
            result.append(drawn, style=bar.style or self.bar_style)
            result.append(" " + value, style="bold")
        return result


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


__all__ = ["Bar", "BarChart", "draw_bar"]
