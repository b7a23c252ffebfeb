"""The layout rules an inspector checks on a room, and their outcomes.

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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from inspector.domain.layout.geometry import compartments, distance, neighbours, zone_of
from inspector.domain.layout.room import (
    CLUTTER,
    DOORS,
    NOT_BLOCKING,
    PEOPLE,
    CellKind,
    Direction,
    Layout,
    Pos,
    order,
)
from inspector.domain.rule_outcome import Judged, RuleState
from inspector.domain.site_rules import LayoutThresholds

RULE_IDS = (
    "people_apart",
    "no_clutter",
    "exhaust_clear",
    "entrances_controlled",
    "backup_key_apart",
)


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
    zone = zone_of(comp, racks)
    return [
        _people_apart(layout, comp, zone, racks, thresholds),
        _no_clutter(layout, zone, racks),
        _exhaust_clear(layout, racks, thresholds),
        _entrances(layout, zone, racks),
        _backup_key(layout, comp, thresholds),
    ]


def _cells(found: Iterable[Pos]) -> tuple[Pos, ...]:
    return tuple(sorted(set(found), key=order))


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
    entrances = [p for p in doors if any(n in zone for n in neighbours(p))]
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
