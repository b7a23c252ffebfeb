"""A checklist title in a line too narrow for it, cut in the middle: its end tells titles
apart (…自己点検票（所属用） and …（操作者用） were cut to the same 住民基本台帳ネット…),
so the end is kept and the middle gives way (walk7 M3)."""

from __future__ import annotations

import re

from rich.cells import cell_len

from inspector.tui.text import fit, shown

_LAST_BRACKETS = re.compile(r"(（[^（）]*）|\([^()]*\))$")
"""A title's last bracketed part: （所属用）."""


def fit_middle(text: str, width: int) -> str:
    """`text` in at most `width` cells: whole when it fits, else its head, '…' and its end
    (the last bracketed part, or the last third); too narrow for that, cut at the end."""
    text = shown(text)
    if cell_len(text) <= width:
        return text
    found = _LAST_BRACKETS.search(text)
    tail = found.group(1) if found else _last_cells(text, width // 3)
    room = width - cell_len(tail)
    if room < 6 or not tail:
        return fit(text, width)
    # the head is cut (head and tail whole would fit `width`), so it ends with '…'
    return fit(text[: len(text) - len(tail)], room) + tail


def _last_cells(text: str, cells: int) -> str:
    out: list[str] = []
    used = 0
    for char in reversed(text):
        used += cell_len(char)
        if used > cells:
            break
        out.append(char)
    return "".join(reversed(out))


def header_line(title: str, title_with_id: str, rest: str, width: int) -> str:
    """The consolidation's header: the checklist (with its id when it fits) then `rest`
    (the organizations and the counts, always whole), in `width` cells."""
    room = width - cell_len(rest) - 2
    if room < 8:
        return rest
    shown_title = title_with_id if cell_len(title_with_id) <= room else fit_middle(title, room)
    return f"{shown_title}  {rest}"


__all__ = ["fit_middle", "header_line"]
