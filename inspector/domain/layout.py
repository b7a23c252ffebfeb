"""Server room layout: a grid of cells and the rules an inspector checks on it (seed 001).

The room is a grid of `width` x `height` cells, each `scale_m_per_cell` metres wide;
x grows to the right (east), y grows downwards (south). A cell holds one thing
(`CellKind`); racks and air-flow marks also have a direction (a rack's exhaust side,
the direction the air flows).

Compartments and the server zone
--------------------------------
Partitions (walls) and doors are *barriers*. A *compartment* is a set of non-barrier
cells connected through their four sides (not diagonally) without crossing a barrier;
the edge of the grid is the room's outer wall. The **server zone** is the union of the
compartments that contain at least one rack. So a partition with a door splits the
room into a server zone and the rest, and a partition with a gap does not separate
anything (the flood fill leaks through the gap, as people and air would).

The rules (thresholds from `site_rules.yaml`, passed in as `LayoutThresholds`):

- ``people_apart``: an operator desk or printer in the server zone must be at least
  `min_person_distance` cells (Chebyshev) from every rack of its compartment.
- ``no_clutter``: no clutter (cardboard, unused PCs) and no storage shelf (paper) in the
  server zone.
- ``exhaust_clear``: the `exhaust_clearance` cells in front of each rack's exhaust side
  hold nothing but air-flow marks or cameras; the room's edge counts as blocking.
- ``entrances_controlled``: every door touching the server zone (side by side) has
  access control.
- ``backup_key_apart``: no key cabinet closer than `backup_key_min_distance` cells to a
  backup box (and, when `backup_key_other_compartment`, not in the box's compartment).

Each rule is *kept* (`RuleState.PASSED`), *broken*, or *not checked*: when the layout lacks
what the rule is about, the rule cannot be judged and says what is missing (`reason`)
instead of passing on an empty room:

- no rack: there is no server zone, so none of the first four rules can be judged;
- no door at all, or no door leading into the server zone: ``entrances_controlled``;
- no backup box, or no key cabinet: ``backup_key_apart``.

A room with racks and no desk, printer or clutter does pass ``people_apart`` and
``no_clutter``: their absence is what those rules ask for.

Pure Python: no terminal, database or PDF library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from inspector.domain import strict_yaml
from inspector.domain.cards import CardThresholds
from inspector.domain.findings import FindingDraft, FindingKind

Pos = tuple[int, int]
Translate = Callable[..., str]

RULES_FILE = Path(__file__).resolve().parent / "site_rules.yaml"
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
class LayoutThresholds:
    min_person_distance: int = 3
    exhaust_clearance: int = 1
    backup_key_min_distance: int = 3
    backup_key_other_compartment: bool = False


@dataclass(frozen=True)
class SiteRules:
    """Every threshold of the site rules, as read from the data file."""

    layout: LayoutThresholds = field(default_factory=LayoutThresholds)
    cards: CardThresholds = field(default_factory=CardThresholds)


def load_site_rules(path: Path | None = None) -> SiteRules:
    """The thresholds from `site_rules.yaml` (or an office's copy); missing keys keep
    their defaults, unknown keys are an error so a typo does not pass silently."""
    source = path or RULES_FILE
    try:
        data = strict_yaml.load(source.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{source}: cannot read the site rules: {exc}") from exc
    try:
        layout = LayoutThresholds(**(data.get("layout") or {}))
        cards = CardThresholds(**(data.get("cards") or {}))
    except TypeError as exc:
        raise ValueError(f"{source}: {exc}") from exc
    return SiteRules(layout=layout, cards=cards)


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
            raise LayoutError(f"size must be 1..{MAX_SIZE} cells each way")
        if self.scale_m_per_cell <= 0:
            raise LayoutError("the scale must be positive")
        for pos in self.cells:
            if not self.inside(pos):
                raise LayoutError(f"cell {pos} is outside the {self.width}x{self.height} room")

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
        return sorted((p for p, c in self.cells.items() if c.kind in wanted), key=_order)

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
                for (x, y), c in sorted(self.cells.items(), key=lambda pc: _order(pc[0]))
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


def _order(pos: Pos) -> tuple[int, int]:
    return (pos[1], pos[0])


def _neighbours(pos: Pos) -> list[Pos]:
    x, y = pos
    return [(x, y - 1), (x + 1, y), (x, y + 1), (x - 1, y)]


def distance(a: Pos, b: Pos) -> int:
    """Chebyshev distance in cells (a diagonal step counts as one)."""
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def compartments(layout: Layout) -> dict[Pos, int]:
    """Each non-barrier cell's compartment number (connected through sides)."""
    number: dict[Pos, int] = {}
    current = 0
    for y in range(layout.height):
        for x in range(layout.width):
            start = (x, y)
            if start in number or layout.kind_at(start) in BARRIERS:
                continue
            stack = [start]
            number[start] = current
            while stack:
                pos = stack.pop()
                for nxt in _neighbours(pos):
                    if (
                        layout.inside(nxt)
                        and nxt not in number
                        and layout.kind_at(nxt) not in BARRIERS
                    ):
                        number[nxt] = current
                        stack.append(nxt)
            current += 1
    return number


def server_zone(layout: Layout) -> frozenset[Pos]:
    """The cells of every compartment that holds a rack."""
    comp = compartments(layout)
    with_racks = {comp[p] for p in layout.positions([CellKind.RACK]) if p in comp}
    return frozenset(p for p, n in comp.items() if n in with_racks)


# -- rules --------------------------------------------------------------------------------


RULE_IDS = (
    "people_apart",
    "no_clutter",
    "exhaust_clear",
    "entrances_controlled",
    "backup_key_apart",
)


class RuleState(StrEnum):
    """The outcome of one rule: kept, broken, or not judged because something it needs is
    missing (from the layout, or from the backup register)."""

    PASSED = "passed"
    BROKEN = "broken"
    NOT_CHECKED = "not_checked"


class Judged:
    """`ok`, `broken` and `checked` of a rule's outcome (a layout or a backup rule)."""

    state: RuleState

    @property
    def ok(self) -> bool:
        """Kept. False both when broken and when not checked."""
        return self.state is RuleState.PASSED

    @property
    def broken(self) -> bool:
        return self.state is RuleState.BROKEN

    @property
    def checked(self) -> bool:
        return self.state is not RuleState.NOT_CHECKED


# Why a layout rule could not be checked: what the layout lacks.
NO_RACK = "no_rack"
NO_DOOR = "no_door"
NO_ENTRANCE = "no_entrance"
NO_BACKUP_BOX = "no_backup_box"
NO_KEY_CABINET = "no_key_cabinet"
NO_BACKUP_BOX_OR_KEY = "no_backup_box_or_key"
NOT_CHECKED_REASONS = (
    NO_RACK,
    NO_DOOR,
    NO_ENTRANCE,
    NO_BACKUP_BOX,
    NO_KEY_CABINET,
    NO_BACKUP_BOX_OR_KEY,
)


@dataclass(frozen=True)
class RuleResult(Judged):
    """One rule on one layout: kept, broken or not checked, and the cells it concerns.

    `reason` (one of `NOT_CHECKED_REASONS`) says what the layout lacks when the rule could
    not be checked; it is None otherwise.
    """

    rule_id: str
    state: RuleState
    cells: tuple[Pos, ...] = ()
    params: Mapping[str, object] = field(default_factory=dict)
    reason: str | None = None

    def __post_init__(self) -> None:
        if (self.state is RuleState.NOT_CHECKED) != (self.reason is not None):
            raise ValueError("a rule that is not checked, and only that, names its reason")

    @property
    def title_key(self) -> str:
        return f"site.rule.{self.rule_id}.title"

    @property
    def message_key(self) -> str:
        if self.state is RuleState.NOT_CHECKED:
            return f"site.rule.not_checked.{self.reason}"
        state = "ok" if self.state is RuleState.PASSED else "broken"
        return f"site.rule.{self.rule_id}.{state}"


def _judged(
    rule: str, offenders: bool, cells: tuple[Pos, ...], params: Mapping[str, object]
) -> RuleResult:
    state = RuleState.BROKEN if offenders else RuleState.PASSED
    return RuleResult(rule, state, cells, params)


def _not_checked(rule: str, reason: str) -> RuleResult:
    return RuleResult(rule, RuleState.NOT_CHECKED, reason=reason)


def evaluate_layout(layout: Layout, thresholds: LayoutThresholds) -> list[RuleResult]:
    """Every rule, in `RULE_IDS` order."""
    comp = compartments(layout)
    racks = layout.positions([CellKind.RACK])
    zone_ids = {comp[p] for p in racks if p in comp}
    zone = frozenset(p for p, n in comp.items() if n in zone_ids)
    return [
        _people_apart(layout, comp, zone, racks, thresholds),
        _no_clutter(layout, zone, racks),
        _exhaust_clear(layout, racks, thresholds),
        _entrances(layout, zone, racks),
        _backup_key(layout, comp, thresholds),
    ]


def _cells(found: Iterable[Pos]) -> tuple[Pos, ...]:
    return tuple(sorted(set(found), key=_order))


def _people_apart(
    layout: Layout,
    comp: Mapping[Pos, int],
    zone: frozenset[Pos],
    racks: list[Pos],
    th: LayoutThresholds,
) -> RuleResult:
    rule = "people_apart"
    if not racks:
        return _not_checked(rule, NO_RACK)
    offenders: list[Pos] = []
    near_racks: list[Pos] = []
    for pos in layout.positions(PEOPLE):
        if pos not in zone:
            continue
        close = [
            r
            for r in racks
            if comp.get(r) == comp[pos] and distance(r, pos) < th.min_person_distance
        ]
        if close:
            offenders.append(pos)
            near_racks.extend(close)
    params = {"count": len(offenders), "distance": th.min_person_distance}
    return _judged(rule, bool(offenders), _cells([*offenders, *near_racks]), params)


def _no_clutter(layout: Layout, zone: frozenset[Pos], racks: list[Pos]) -> RuleResult:
    rule = "no_clutter"
    if not racks:
        return _not_checked(rule, NO_RACK)
    offenders = [p for p in layout.positions(CLUTTER) if p in zone]
    return _judged(rule, bool(offenders), _cells(offenders), {"count": len(offenders)})


def _exhaust_clear(layout: Layout, racks: list[Pos], th: LayoutThresholds) -> RuleResult:
    rule = "exhaust_clear"
    if not racks:
        return _not_checked(rule, NO_RACK)
    blocked_racks: list[Pos] = []
    blockers: list[Pos] = []
    for pos in racks:
        cell = layout.cells[pos]
        dx, dy = (cell.direction or Direction.E).delta
        for step in range(1, th.exhaust_clearance + 1):
            ahead = (pos[0] + dx * step, pos[1] + dy * step)
            if not layout.inside(ahead):
                blocked_racks.append(pos)
                break
            kind = layout.kind_at(ahead)
            if kind is not None and kind not in NOT_BLOCKING:
                blocked_racks.append(pos)
                blockers.append(ahead)
                break
    params = {"count": len(blocked_racks), "clearance": th.exhaust_clearance}
    return _judged(rule, bool(blocked_racks), _cells([*blocked_racks, *blockers]), params)


def _entrances(layout: Layout, zone: frozenset[Pos], racks: list[Pos]) -> RuleResult:
    rule = "entrances_controlled"
    if not racks:
        return _not_checked(rule, NO_RACK)
    doors = layout.positions(DOORS)
    if not doors:
        # every server zone has a way in: a layout without one is not finished
        return _not_checked(rule, NO_DOOR)
    entrances = [p for p in doors if any(n in zone for n in _neighbours(p))]
    if not entrances:
        return _not_checked(rule, NO_ENTRANCE)
    open_doors = [p for p in entrances if layout.kind_at(p) is CellKind.DOOR_OPEN]
    params = {"count": len(open_doors), "entrances": len(entrances)}
    return _judged(rule, bool(open_doors), _cells(open_doors), params)


def _backup_key(layout: Layout, comp: Mapping[Pos, int], th: LayoutThresholds) -> RuleResult:
    rule = "backup_key_apart"
    boxes = layout.positions([CellKind.BACKUP_BOX])
    keys = layout.positions([CellKind.KEY_CABINET])
    if not boxes and not keys:
        return _not_checked(rule, NO_BACKUP_BOX_OR_KEY)
    if not boxes:
        return _not_checked(rule, NO_BACKUP_BOX)
    if not keys:
        # the key is somewhere: not drawn is not "kept apart"
        return _not_checked(rule, NO_KEY_CABINET)
    pairs: list[Pos] = []
    for box in boxes:
        for key in keys:
            too_close = distance(box, key) < th.backup_key_min_distance
            same_room = (
                th.backup_key_other_compartment
                and comp.get(box) is not None
                and comp.get(box) == comp.get(key)
            )
            if too_close or same_room:
                pairs.extend((box, key))
    params = {"count": len(pairs) // 2, "distance": th.backup_key_min_distance}
    return _judged(rule, bool(pairs), _cells(pairs), params)


def broken(results: Iterable[RuleResult]) -> list[RuleResult]:
    """The broken rules (not those that could not be checked)."""
    return [r for r in results if r.state is RuleState.BROKEN]


def not_checked(results: Iterable[RuleResult]) -> list[RuleResult]:
    """The rules that could not be checked because the layout lacks what they are about."""
    return [r for r in results if r.state is RuleState.NOT_CHECKED]


def rule_counts(results: Iterable[RuleResult]) -> dict[str, int]:
    """How many rules were kept, broken and not checked (keys are `RuleState` values)."""
    counts = dict.fromkeys((s.value for s in RuleState), 0)
    for result in results:
        counts[result.state.value] += 1
    return counts


# -- findings and text --------------------------------------------------------------------


def cell_label(pos: Pos) -> str:
    """A cell's name as printed: column letters and row number (A1 is the top left)."""
    return f"{column_name(pos[0])}{pos[1] + 1}"


def column_name(x: int) -> str:
    name = ""
    x += 1
    while x:
        x, rest = divmod(x - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def layout_finding(
    layout: Layout,
    result: RuleResult,
    organization_id: int,
    session_id: int | None,
    t: Translate,
) -> FindingDraft:
    """A finding (指摘) for a broken rule, with the layout and the concerned cells attached.

    Only a broken rule is a finding: a kept rule or one that could not be checked is not."""
    if result.state is not RuleState.BROKEN:
        raise ValueError(f"rule {result.rule_id} is {result.state.value}, not broken")
    title = t(result.title_key)
    lines = [t(result.message_key, **result.params)]
    if result.cells:
        lines.append(t("site.layout.cells", cells=", ".join(cell_label(p) for p in result.cells)))
    lines.append(t("site.layout.room", name=layout.name or "-"))
    attached = layout.to_json()
    attached["highlight"] = [[x, y] for x, y in result.cells]
    attached["rule"] = result.rule_id
    return FindingDraft(
        kind=FindingKind.FINDING,
        title=f"{t('site.layout.finding_prefix')}{title}",
        text="\n".join(lines),
        organization_id=organization_id,
        session_id=session_id,
        requested_measure=t(f"site.rule.{result.rule_id}.measure"),
        layout=attached,
    )


def highlighted_cells(data: Mapping[str, Any]) -> set[Pos]:
    """The cells a finding's attached layout marks (empty when none)."""
    found: set[Pos] = set()
    for raw in data.get("highlight") or []:
        try:
            found.add((int(raw[0]), int(raw[1])))
        except (TypeError, ValueError, IndexError):
            continue
    return found


def render_grid(layout: Layout, highlight: Iterable[Pos] = ()) -> list[str]:
    """The room as text, two characters per cell, with column letters and row numbers;
    a highlighted cell shows `!` as its second character (`!!` when empty)."""
    marked = set(highlight)
    head = "    " + "".join(column_name(x)[-1] + " " for x in range(layout.width))
    lines = [head.rstrip()]
    for y in range(layout.height):
        row = []
        for x in range(layout.width):
            cell = layout.cells.get((x, y))
            glyph = cell.glyph if cell else EMPTY_GLYPH
            if (x, y) in marked:
                glyph = glyph[0] + "!" if cell else "!!"
            row.append(glyph)
        lines.append(f"{y + 1:>3} " + "".join(row).rstrip())
    return lines


def layout_changes(old: Layout, new: Layout) -> dict[str, int]:
    """How many cells were added, removed and changed from one visit's layout to the next."""
    added = sum(1 for p in new.cells if p not in old.cells)
    removed = sum(1 for p in old.cells if p not in new.cells)
    changed = sum(1 for p, c in new.cells.items() if p in old.cells and old.cells[p] != c)
    return {"added": added, "removed": removed, "changed": changed}


__all__ = [
    "BARRIERS",
    "GLYPHS",
    "NOT_CHECKED_REASONS",
    "RULE_IDS",
    "Cell",
    "CellKind",
    "Direction",
    "Layout",
    "LayoutError",
    "LayoutThresholds",
    "RuleResult",
    "RuleState",
    "SiteRules",
    "broken",
    "cell_label",
    "compartments",
    "distance",
    "evaluate_layout",
    "layout_changes",
    "layout_finding",
    "load_site_rules",
    "not_checked",
    "render_grid",
    "rule_counts",
    "server_zone",
]
