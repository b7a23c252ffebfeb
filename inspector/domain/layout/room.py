"""The room of a layout: a grid of cells, what each cell holds, and the JSON form.

The room is a grid of `width` x `height` cells, each `scale_m_per_cell` metres wide;
x grows to the right (east), y grows downwards (south). A cell holds one thing
(`CellKind`); racks and air-flow marks also have a direction (a rack's exhaust side,
the direction the air flows). Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from inspector.i18n import Message

Pos = tuple[int, int]

MAX_SIZE = 60
LAYOUT_FORMAT = 1


class LayoutError(ValueError):
    """A layout document that cannot be read (wrong size, unknown kind, cell outside)."""


class CellKind(StrEnum):
    RACK = "rack"  # サーバラック (exhaust side = direction)
    DESK = "desk"  # 作業机（オペレーター）
    PRINTER = "printer"
    SHELF = "shelf"  # 書庫・保管棚 (paper storage)
    CLUTTER = "clutter"  # 段ボール、不用パソコン
    WALL = "wall"  # 間仕切り・壁
    DOOR_CONTROLLED = "door_controlled"  # 入退室管理のある扉
    DOOR_OPEN = "door_open"  # 入退室管理のない扉
    BACKUP_BOX = "backup_box"  # バックアップ媒体保管箱
    KEY_CABINET = "key_cabinet"  # 鍵の保管庫
    CAMERA = "camera"
    AIRFLOW = "airflow"  # 空気の流れ (direction)


class Direction(StrEnum):
    N = "N"
    E = "E"
    S = "S"
    W = "W"

    @property
    def delta(self) -> Pos:
        return _DELTAS[self]

    def turned(self) -> Direction:
        """A quarter turn clockwise."""
        order = list(Direction)
        return order[(order.index(self) + 1) % 4]


_DELTAS: dict[Direction, Pos] = {
    Direction.N: (0, -1),
    Direction.E: (1, 0),
    Direction.S: (0, 1),
    Direction.W: (-1, 0),
}

DIRECTED = frozenset({CellKind.RACK, CellKind.AIRFLOW})
BARRIERS = frozenset({CellKind.WALL, CellKind.DOOR_CONTROLLED, CellKind.DOOR_OPEN})
DOORS = frozenset({CellKind.DOOR_CONTROLLED, CellKind.DOOR_OPEN})
PEOPLE = frozenset({CellKind.DESK, CellKind.PRINTER})
CLUTTER = frozenset({CellKind.CLUTTER, CellKind.SHELF})
NOT_BLOCKING = frozenset({CellKind.AIRFLOW, CellKind.CAMERA})

# Two characters per cell: the text grid of `inspector layout show` and the editor.
GLYPHS: dict[CellKind, str] = {
    CellKind.RACK: "R",
    CellKind.DESK: "O ",
    CellKind.PRINTER: "P ",
    CellKind.SHELF: "S ",
    CellKind.CLUTTER: "x ",
    CellKind.WALL: "##",
    CellKind.DOOR_CONTROLLED: "D+",
    CellKind.DOOR_OPEN: "D-",
    CellKind.BACKUP_BOX: "B ",
    CellKind.KEY_CABINET: "K ",
    CellKind.CAMERA: "C ",
    CellKind.AIRFLOW: "~",
}
ARROWS: dict[Direction, str] = {
    Direction.N: "^",
    Direction.E: ">",
    Direction.S: "v",
    Direction.W: "<",
}
EMPTY_GLYPH = ". "


@dataclass(frozen=True)
class Cell:
    kind: CellKind
    direction: Direction | None = None

    @property
    def glyph(self) -> str:
        base = GLYPHS[self.kind]
        if self.kind in DIRECTED:
            return base + ARROWS[self.direction or Direction.E]
        return base


@dataclass(frozen=True)
class Layout:
    """A room: its name, size in cells, scale, and the occupied cells."""

    name: str
    width: int
    height: int
    scale_m_per_cell: float = 0.5
    cells: Mapping[Pos, Cell] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (1 <= self.width <= MAX_SIZE and 1 <= self.height <= MAX_SIZE):
            raise LayoutError(Message("more.layout.size", max=MAX_SIZE))
        if self.scale_m_per_cell <= 0:
            raise LayoutError(Message("more.layout.scale"))
        for pos in self.cells:
            if not self.inside(pos):
                raise LayoutError(
                    Message("more.layout.outside", pos=pos, width=self.width, height=self.height)
                )

    def inside(self, pos: Pos) -> bool:
        x, y = pos
        return 0 <= x < self.width and 0 <= y < self.height

    def kind_at(self, pos: Pos) -> CellKind | None:
        cell = self.cells.get(pos)
        return cell.kind if cell else None

    def place(self, pos: Pos, kind: CellKind, direction: Direction | None = None) -> Layout:
        if not self.inside(pos):
            return self
        direction = (direction or Direction.E) if kind in DIRECTED else None
        cells = dict(self.cells)
        cells[pos] = Cell(kind, direction)
        return replace(self, cells=cells)

    def erase(self, pos: Pos) -> Layout:
        if pos not in self.cells:
            return self
        cells = dict(self.cells)
        del cells[pos]
        return replace(self, cells=cells)

    def rotate(self, pos: Pos) -> Layout:
        """Turn a rack's exhaust or an air-flow mark a quarter clockwise."""
        cell = self.cells.get(pos)
        if cell is None or cell.kind not in DIRECTED:
            return self
        cells = dict(self.cells)
        cells[pos] = Cell(cell.kind, (cell.direction or Direction.E).turned())
        return replace(self, cells=cells)

    def resized(self, width: int, height: int) -> Layout:
        """Another size; cells that fall outside are dropped."""
        cells = {p: c for p, c in self.cells.items() if p[0] < width and p[1] < height}
        return Layout(self.name, width, height, self.scale_m_per_cell, cells)

    def renamed(self, name: str) -> Layout:
        return replace(self, name=name)

    def positions(self, kinds: Iterable[CellKind]) -> list[Pos]:
        wanted = set(kinds)
        return sorted((p for p, c in self.cells.items() if c.kind in wanted), key=order)

    # -- JSON --------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """A plain dict (stable order) for the database and findings."""
        return {
            "format": LAYOUT_FORMAT,
            "name": self.name,
            "width": self.width,
            "height": self.height,
            "scale_m_per_cell": self.scale_m_per_cell,
            "cells": [
                {"x": x, "y": y, "kind": c.kind.value}
                | ({"dir": c.direction.value} if c.direction else {})
                for (x, y), c in sorted(self.cells.items(), key=lambda pc: order(pc[0]))
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Layout:
        try:
            cells: dict[Pos, Cell] = {}
            for raw in data.get("cells") or []:
                kind = CellKind(raw["kind"])
                direction = Direction(raw["dir"]) if raw.get("dir") else None
                if kind in DIRECTED and direction is None:
                    direction = Direction.E
                cells[(int(raw["x"]), int(raw["y"]))] = Cell(
                    kind, direction if kind in DIRECTED else None
                )
            return cls(
                name=str(data.get("name") or ""),
                width=int(data["width"]),
                height=int(data["height"]),
                scale_m_per_cell=float(data.get("scale_m_per_cell") or 0.5),
                cells=cells,
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, LayoutError):
                raise
            raise LayoutError(f"not a layout: {exc}") from exc


def order(pos: Pos) -> tuple[int, int]:
    """Reading order: row by row, left to right."""
    return (pos[1], pos[0])


def layout_changes(old: Layout, new: Layout) -> dict[str, int]:
    """How many cells were added, removed and changed from one visit's layout to the next."""
    added = sum(1 for p in new.cells if p not in old.cells)
    removed = sum(1 for p in old.cells if p not in new.cells)
    changed = sum(1 for p, c in new.cells.items() if p in old.cells and old.cells[p] != c)
    return {"added": added, "removed": removed, "changed": changed}
