"""Server room layout rules on small grids: each rule broken, kept, and not checked when
the layout lacks what the rule is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain.layout import (
    Cell,
    CellKind,
    Direction,
    Layout,
    LayoutError,
    LayoutThresholds,
    RuleResult,
    RuleState,
    broken,
    compartments,
    evaluate_layout,
    layout_changes,
    layout_finding,
    load_site_rules,
    not_checked,
    render_grid,
    rule_counts,
    server_zone,
)
from inspector.i18n import Translator

_CHARS = {
    "O": CellKind.DESK,
    "P": CellKind.PRINTER,
    "S": CellKind.SHELF,
    "x": CellKind.CLUTTER,
    "#": CellKind.WALL,
    "+": CellKind.DOOR_CONTROLLED,
    "-": CellKind.DOOR_OPEN,
    "B": CellKind.BACKUP_BOX,
    "K": CellKind.KEY_CABINET,
    "C": CellKind.CAMERA,
    "~": CellKind.AIRFLOW,
}
_RACKS = {">": Direction.E, "<": Direction.W, "^": Direction.N, "v": Direction.S}

TH = LayoutThresholds(min_person_distance=3, exhaust_clearance=1, backup_key_min_distance=3)


def grid(picture: str) -> Layout:
    """'>' '<' '^' 'v' are racks by exhaust side; '.' is empty."""
    rows = [r.strip() for r in picture.strip().splitlines()]
    cells: dict[tuple[int, int], Cell] = {}
    for y, row in enumerate(rows):
        for x, ch in enumerate(row):
            if ch in _RACKS:
                cells[(x, y)] = Cell(CellKind.RACK, _RACKS[ch])
            elif ch in _CHARS:
                kind = _CHARS[ch]
                cells[(x, y)] = Cell(kind, Direction.E if kind is CellKind.AIRFLOW else None)
    return Layout("test", len(rows[0]), len(rows), 0.5, cells)


def result(layout: Layout, rule: str, th: LayoutThresholds = TH):
    return next(r for r in evaluate_layout(layout, th) if r.rule_id == rule)


# -- the server zone ------------------------------------------------------------------------


def test_server_zone_is_the_compartment_of_the_racks() -> None:
    layout = grid(
        """
        >..#...
        ...+.O.
        ...#...
        """
    )
    zone = server_zone(layout)
    assert (0, 0) in zone and (2, 2) in zone
    assert (5, 1) not in zone and (3, 1) not in zone  # the door is a barrier
    assert len(set(compartments(layout).values())) == 2


def test_a_gap_in_the_partition_joins_the_rooms() -> None:
    layout = grid(
        """
        >..#...
        .......
        ...#...
        """
    )
    assert (5, 1) in server_zone(layout)


def test_no_rack_means_no_zone_and_the_zone_rules_not_checked() -> None:
    layout = grid("O.S\n...")
    assert server_zone(layout) == frozenset()
    results = evaluate_layout(layout, TH)
    assert not any(r.ok for r in results)  # nothing to judge is never "kept"
    assert not broken(results)  # nor broken
    assert [r.state for r in results][:4] == [RuleState.NOT_CHECKED] * 4
    assert {r.reason for r in results[:4]} == {"no_rack"}
    assert [r.message_key for r in results][:2] == ["site.rule.not_checked.no_rack"] * 2
    assert rule_counts(results) == {"passed": 0, "broken": 0, "not_checked": 5}


def test_an_empty_room_checks_nothing() -> None:
    results = evaluate_layout(Layout("空", 4, 3), TH)
    assert not_checked(results) == results
    assert [r.checked for r in results] == [False] * 5


def test_racks_without_people_or_clutter_keep_those_rules() -> None:
    # their absence is what the rules ask for: kept, not "not checked"
    results = evaluate_layout(grid(">...\n...+"), TH)
    assert [r.state for r in results] == [RuleState.PASSED] * 4 + [RuleState.NOT_CHECKED]


def test_a_not_checked_result_names_its_reason() -> None:
    with pytest.raises(ValueError):
        RuleResult("people_apart", RuleState.NOT_CHECKED)
    with pytest.raises(ValueError):
        RuleResult("people_apart", RuleState.PASSED, reason="no_rack")


# -- people_apart ---------------------------------------------------------------------------


def test_desk_next_to_rack_breaks_people_apart() -> None:
    r = result(grid(">.O..\n....."), "people_apart")
    assert not r.ok
    assert (2, 0) in r.cells and (0, 0) in r.cells
    assert r.params == {"count": 1, "distance": 3}


def test_desk_far_enough_keeps_people_apart() -> None:
    assert result(grid(">..O.\n....."), "people_apart").ok


def test_printer_behind_partition_keeps_people_apart() -> None:
    layout = grid(
        """
        >.#P
        ..+.
        """
    )
    assert result(layout, "people_apart").ok


def test_threshold_comes_from_the_data_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("layout:\n  min_person_distance: 5\n", encoding="utf-8")
    loaded = load_site_rules(rules)
    assert loaded.layout.min_person_distance == 5
    assert loaded.layout.exhaust_clearance == 1  # default kept
    assert not result(grid(">...O.\n......"), "people_apart", loaded.layout).ok
    assert result(grid(">...O.\n......"), "people_apart", TH).ok


def test_shipped_rules_file_loads_and_rejects_typos(tmp_path: Path) -> None:
    shipped = load_site_rules()
    assert shipped.layout.min_person_distance >= 1
    assert shipped.cards.group_usage_period_days > 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("layout:\n  min_person_distanse: 2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="min_person_distanse"):
        load_site_rules(bad)


# -- no_clutter -----------------------------------------------------------------------------


def test_clutter_and_paper_in_zone_break_no_clutter() -> None:
    r = result(grid(">..x\n...S"), "no_clutter")
    assert not r.ok
    assert r.cells == ((3, 0), (3, 1))


def test_clutter_outside_zone_keeps_no_clutter() -> None:
    assert result(grid(">.#x\n..+S"), "no_clutter").ok


# -- exhaust_clear --------------------------------------------------------------------------


def test_cardboard_at_exhaust_breaks_exhaust_clear() -> None:
    r = result(grid(">x..\n...."), "exhaust_clear")
    assert not r.ok
    assert r.cells == ((0, 0), (1, 0))


def test_exhaust_against_the_room_edge_is_blocked() -> None:
    assert result(grid("..<.\n...."), "exhaust_clear").ok  # facing west, free
    assert not result(grid("<...\n...."), "exhaust_clear").ok


def test_free_exhaust_and_airflow_keep_exhaust_clear() -> None:
    assert result(grid(">~..\n.^.."), "exhaust_clear").ok


def test_exhaust_clearance_counts_several_cells() -> None:
    two = LayoutThresholds(exhaust_clearance=2)
    assert result(grid(">.x.\n...."), "exhaust_clear").ok
    assert not result(grid(">.x.\n...."), "exhaust_clear", two).ok


# -- entrances_controlled --------------------------------------------------------------------


def test_uncontrolled_door_to_zone_breaks_entrances() -> None:
    layout = grid(
        """
        >..#..
        ...-..
        ...#..
        """
    )
    r = result(layout, "entrances_controlled")
    assert not r.ok
    assert r.cells == ((3, 1),)
    assert r.params == {"count": 1, "entrances": 1}


def test_controlled_doors_keep_entrances() -> None:
    layout = grid(
        """
        >..#..#-.
        ...+..#..
        ...#..#..
        """
    )
    r = result(layout, "entrances_controlled")
    assert r.ok  # the open door leads from the office outside, not into the zone
    assert r.params["entrances"] == 1


def test_no_door_at_all_leaves_entrances_not_checked() -> None:
    r = result(grid(">...\n...."), "entrances_controlled")
    assert r.state is RuleState.NOT_CHECKED and not r.ok and not r.broken
    assert r.reason == "no_door"
    assert r.message_key == "site.rule.not_checked.no_door"


def test_no_door_into_the_zone_leaves_entrances_not_checked() -> None:
    layout = grid(
        """
        >..#..#..
        ...#..+..
        ...#..#..
        """
    )
    r = result(layout, "entrances_controlled")
    assert r.state is RuleState.NOT_CHECKED
    assert r.reason == "no_entrance"


# -- backup_key_apart -----------------------------------------------------------------------


def test_key_beside_the_box_breaks_backup_key_apart() -> None:
    r = result(grid("BK....\n......"), "backup_key_apart")
    assert not r.ok
    assert r.cells == ((0, 0), (1, 0))


def test_key_far_from_the_box_keeps_backup_key_apart() -> None:
    assert result(grid("B....K\n......"), "backup_key_apart").ok


def test_key_in_same_compartment_when_required() -> None:
    strict = LayoutThresholds(backup_key_other_compartment=True)
    layout = grid("B....K\n......")
    assert not result(layout, "backup_key_apart", strict).ok
    assert result(grid("B..#.K\n...#.."), "backup_key_apart", strict).ok


def test_no_key_placed_is_not_checked() -> None:
    r = result(grid("B.....\n......"), "backup_key_apart")
    assert r.state is RuleState.NOT_CHECKED and not r.ok and not r.checked
    assert r.message_key == "site.rule.not_checked.no_key_cabinet"


@pytest.mark.parametrize(
    ("picture", "reason"),
    [("K.....\n......", "no_backup_box"), (">.....\n......", "no_backup_box_or_key")],
)
def test_no_box_placed_is_not_checked(picture: str, reason: str) -> None:
    r = result(grid(picture), "backup_key_apart")
    assert r.state is RuleState.NOT_CHECKED
    assert r.reason == reason


def test_every_reason_and_state_has_words_in_both_languages() -> None:
    from inspector.domain.layout import NOT_CHECKED_REASONS, RULE_IDS

    for lang in ("ja", "en"):
        t = Translator(lang)
        for reason in NOT_CHECKED_REASONS:
            key = f"site.rule.not_checked.{reason}"
            assert t(key) != key, (lang, key)
        for rule in RULE_IDS:
            for state in ("ok", "broken"):
                key = f"site.rule.{rule}.{state}"
                assert t(key) != key, (lang, key)


# -- editing, JSON, findings, text ----------------------------------------------------------


def test_editing_round_trips_through_json() -> None:
    layout = Layout("サーバ室", 4, 3, 0.6)
    layout = layout.place((0, 0), CellKind.RACK).rotate((0, 0)).place((3, 2), CellKind.DESK)
    layout = layout.place((9, 9), CellKind.DESK)  # outside: ignored
    assert layout.cells[(0, 0)] == Cell(CellKind.RACK, Direction.S)
    again = Layout.from_json(layout.to_json())
    assert again == layout
    assert again.erase((3, 2)).cells.keys() == {(0, 0)}
    assert layout.resized(2, 2).cells.keys() == {(0, 0)}


def test_bad_json_is_a_layout_error() -> None:
    with pytest.raises(LayoutError):
        Layout.from_json({"width": 3, "height": 3, "cells": [{"x": 5, "y": 0, "kind": "rack"}]})
    with pytest.raises(LayoutError):
        Layout.from_json({"width": 3, "height": 3, "cells": [{"x": 0, "y": 0, "kind": "sofa"}]})
    with pytest.raises(LayoutError):
        Layout.from_json({"width": 0, "height": 3})


def test_broken_rule_becomes_a_finding_with_the_layout() -> None:
    layout = grid(">x..\n....")
    r = result(layout, "exhaust_clear")
    draft = layout_finding(layout, r, organization_id=7, session_id=3, t=Translator("ja"))
    assert draft.organization_id == 7 and draft.session_id == 3
    assert "排気" in draft.title
    assert "A1, B1" in draft.text
    assert draft.layout is not None
    assert draft.layout["rule"] == "exhaust_clear"
    assert draft.layout["highlight"] == [[0, 0], [1, 0]]
    assert Layout.from_json(draft.layout) == layout


def test_only_a_broken_rule_becomes_a_finding() -> None:
    layout = grid(">...\n....")  # no door: entrances not checked; exhaust kept
    t = Translator("ja")
    for rule in ("entrances_controlled", "exhaust_clear"):
        with pytest.raises(ValueError):
            layout_finding(layout, result(layout, rule), organization_id=7, session_id=3, t=t)


def test_text_rendering_marks_cells() -> None:
    lines = render_grid(grid(">x.\n..."), highlight=[(1, 0)])
    assert lines[0].split() == ["A", "B", "C"]
    assert lines[1].startswith("  1 R>x!")


def test_layout_changes_counts_cells() -> None:
    old = grid(">x.\n...")
    new = old.erase((1, 0)).place((2, 1), CellKind.DESK).rotate((0, 0))
    assert layout_changes(old, new) == {"added": 1, "removed": 1, "changed": 1}
