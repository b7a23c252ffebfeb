"""The room grid: two terminal columns per cell, a cursor, the server zone tinted and the
cells of the selected broken rule in red."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from inspector.domain.layout import (
    EMPTY_GLYPH,
    CellKind,
    Layout,
    Pos,
    column_name,
    server_zone,
)
from inspector.tui.stylesheet import beside

COLOURS: dict[CellKind, str] = {
    CellKind.RACK: "bold white on #37474f",
    CellKind.DESK: "black on #ffe082",
    CellKind.PRINTER: "black on #ffb74d",
    CellKind.SHELF: "black on #bcaaa4",
    CellKind.CLUTTER: "black on #a1887f",
    CellKind.WALL: "#9e9e9e on #424242",
    CellKind.DOOR_CONTROLLED: "black on #66bb6a",
    CellKind.DOOR_OPEN: "black on #ef9a9a",
    CellKind.BACKUP_BOX: "black on #4fc3f7",
    CellKind.KEY_CABINET: "black on #ce93d8",
    CellKind.CAMERA: "bold",
    CellKind.AIRFLOW: "bold #64b5f6",
}
ZONE = Style(bgcolor="#1a2a3a")
MARK = Style(bgcolor="#b71c1c", color="white", bold=True)
CURSOR = Style(reverse=True, bold=True)


class LayoutGrid(Widget, can_focus=True):
    """Shows a `Layout`; the screen owns the editing and calls `show`."""

    DEFAULT_CSS = beside(__file__)

    def __init__(self, layout: Layout, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.room = layout
        self.cursor: Pos = (0, 0)
        self.marked: frozenset[Pos] = frozenset()
        self._zone: frozenset[Pos] = server_zone(layout)

    def show(self, layout: Layout, cursor: Pos, marked: frozenset[Pos]) -> None:
        if layout is not self.room:
            self._zone = server_zone(layout)
        self.room, self.cursor, self.marked = layout, cursor, marked
        self.refresh(layout=True)

    def get_content_width(self, container: object, viewport: object) -> int:
        return 4 + 2 * self.room.width

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 + self.room.height

    def render(self) -> Text:
        room = self.room
        text = Text(no_wrap=True)
        text.append("    ")
        for x in range(room.width):
            label = column_name(x)[-1] + " "
            text.append(label, style="bold" if x == self.cursor[0] else "dim")
        for y in range(room.height):
            text.append("\n")
            text.append(f"{y + 1:>3} ", style="bold" if y == self.cursor[1] else "dim")
            for x in range(room.width):
                pos = (x, y)
                cell = room.cells.get(pos)
                glyph = cell.glyph if cell else EMPTY_GLYPH
                style = Style.parse(COLOURS[cell.kind]) if cell else Style(dim=True)
                if pos in self._zone and (
                    cell is None or cell.kind in (CellKind.AIRFLOW, CellKind.CAMERA)
                ):
                    style = style + ZONE
                if pos in self.marked:
                    style = style + MARK
                if pos == self.cursor:
                    style = style + CURSOR
                text.append(glyph, style=style)
        return text


__all__ = ["LayoutGrid"]
