"""The text of a screen as drawn, for tests that check what fits at 80 columns.

Textual has no public API for the composed screen's text (`export_screenshot` gives SVG),
so this is the one place the tests read it through the screen's compositor: a Textual
upgrade that changes it changes this line only. Prefer Pilot and snapshots elsewhere.
"""

from __future__ import annotations

from typing import Any


def screen_lines(screen: Any) -> list[str]:
    """One string per terminal line (a double-width character once)."""
    return [strip.text for strip in screen._compositor.render_strips()]


def region_lines(screen: Any, region: Any) -> list[str]:
    """The lines of `region` (a widget's `.region`), cropped by terminal cells."""
    strips = screen._compositor.render_strips()[region.y : region.bottom]
    return [strip.crop(region.x, region.right).text for strip in strips]


def frame_output(screen: Any, console: Any) -> str:
    """What a full redraw of `screen` would send to the terminal, escape sequences and all."""
    return str(screen._compositor.render_full_update().render_segments(console))


def cursor_drawn(field: Any) -> bool:
    """Whether the cursor of a focused Input or TextArea is drawn now (not in the hidden
    half of its blink): the cell under it has the cursor's background."""
    x, y = field.cursor_screen_offset
    part = "text-area--cursor" if hasattr(field, "document") else "input--cursor"
    wanted = field.get_component_rich_style(part).bgcolor
    strip = field.screen._compositor.render_strips()[y]
    return any(
        segment.style is not None and segment.style.bgcolor == wanted
        for segment in strip.crop(x, x + 1)
    )


def static_text(widget: Any) -> str:
    """The text a Static shows, unwrapped: a `Wrapped` renderable's text, else what the
    widget renders, as a string."""
    from inspector.tui.wrapping import Wrapped

    content = widget.content if hasattr(widget, "content") else None
    if isinstance(content, Wrapped):
        return content.text.plain
    return str(widget.render())
