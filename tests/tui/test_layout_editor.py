"""The layout editor: placing cells with keys, a rule breaking and clearing, saving, a
finding with the layout attached, rules shown as not checked (never OK) while the layout
lacks what they are about, starting from the last visit's layout; snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.demo.site import demo_layout
from inspector.domain.layout import CellKind, Direction, RuleState
from inspector.domain.model import Role, SessionKind
from inspector.tui.screens.layout_editor import LayoutEditorScreen
from tests.tui.conftest import TODAY, World, build_world, settle
from tests.tui.drawn import static_text


def _rule(screen: LayoutEditorScreen, rule_id: str) -> bool:
    return next(r.ok for r in screen.results if r.rule_id == rule_id)


async def _open(pilot, world: World, session_id: int) -> LayoutEditorScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = LayoutEditorScreen(pilot.app.context, session_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_placing_cells_breaks_and_clears_a_rule(world: World, visit_session: int) -> None:
    sid = visit_session
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, world, sid)
        await pilot.press("1", "space")  # a rack at A1, exhaust east
        assert screen.room.cells[(0, 0)].kind is CellKind.RACK
        assert screen.room.cells[(0, 0)].direction is Direction.E
        assert _rule(screen, "exhaust_clear")
        await pilot.press("right", "5", "space")  # cardboard right at the exhaust
        assert not _rule(screen, "exhaust_clear")
        assert not _rule(screen, "no_clutter")
        await pilot.press("n")  # select the first broken rule
        assert screen.selected_rule is not None
        await pilot.press("x")  # erase the cardboard
        assert _rule(screen, "exhaust_clear") and _rule(screen, "no_clutter")
        await pilot.press("left", "r")  # turn the rack: exhaust south
        assert screen.room.cells[(0, 0)].direction is Direction.S
        await pilot.press("s")
        await settle(pilot)
        assert not screen.dirty
    saved = world.context.site.layout_for(sid)
    assert saved is not None
    assert saved.layout.cells[(0, 0)].direction is Direction.S


async def test_broken_rule_becomes_a_finding_with_the_layout(
    world: World, visit_session: int
) -> None:
    sid = visit_session
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, world, sid)
        await pilot.press("1", "space", "right", "2", "space")  # a desk beside a rack
        assert not _rule(screen, "people_apart")
        await pilot.press("n", "f")
        await settle(pilot)
        # the rule is picked (or the one marked confirmed) before anything is filed
        assert world.context.findings.findings(session_id=sid) == []
        await pilot.press("enter")
        await settle(pilot)
    findings = world.context.findings.findings(session_id=sid)
    assert len(findings) == 1
    assert findings[0].layout is not None
    assert findings[0].layout["rule"] == "people_apart"
    assert [0, 0] in findings[0].layout["highlight"]
    assert world.context.site.layout_for(sid) is not None


def _last_notice(app: object) -> str:
    """The message of the latest notification (toast) of the app."""
    return [n.message for n in app._notifications][-1]  # type: ignore[attr-defined]


def _rules_text(screen: LayoutEditorScreen) -> str:
    return static_text(screen.query_one("#layout-rules"))


def _state(screen: LayoutEditorScreen, rule_id: str) -> RuleState:
    return next(r.state for r in screen.results if r.rule_id == rule_id)


async def test_rules_are_not_checked_until_the_layout_shows_what_they_are_about(
    world: World, visit_session: int
) -> None:
    sid = visit_session
    app = world.app("en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, world, sid)
        # an empty room: nothing can be judged, and nothing is shown as OK
        assert [r.state for r in screen.results] == [RuleState.NOT_CHECKED] * 5
        text = _rules_text(screen)
        assert "OK" not in text and text.count("??") == 5
        assert "Not checked: no rack is placed" in text
        await pilot.press("n")  # no broken rule, but say that some were not checked
        assert "5 rule(s) could not be checked" in _last_notice(app)
        await pilot.press("f")  # not checked is not a finding
        await settle(pilot)
        assert world.context.findings.findings(session_id=sid) == []

        await pilot.press("1", "space")  # a rack at A1, exhaust east
        assert _state(screen, "exhaust_clear") is RuleState.PASSED
        assert _state(screen, "entrances_controlled") is RuleState.NOT_CHECKED
        text = _rules_text(screen)
        assert "?? Access control at every entrance" in text
        assert "Not checked: no door is placed in the layout" in text
        assert "OK Access control at every entrance" not in text
        assert "?? Backup box and key kept apart" in text

        await pilot.press("down", "down", "7", "space")  # a controlled door at A3
        assert _state(screen, "entrances_controlled") is RuleState.PASSED
        assert "OK Access control at every entrance" in _rules_text(screen)
        await pilot.press("right", "right", "right", "9", "space")  # a box at D3
        assert _state(screen, "backup_key_apart") is RuleState.NOT_CHECKED
        assert "the key of the backup box is not placed" in _rules_text(screen)
        await pilot.press("s")
        await settle(pilot)
    assert world.context.findings.findings(session_id=sid) == []


async def test_a_later_visit_starts_from_the_last_layout(world: World) -> None:
    world.context.site.save_layout(world.session_ids["completed"], demo_layout(), "tester")
    later = world.repo.start_session(
        world.checklist,
        world.org_ids["210"],
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        session_date=TODAY,
    )
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, world, later.id)
        assert screen.room == demo_layout()
        assert screen.dirty  # not yet stored with this visit
        await pilot.press("escape")  # leaving asks; `s` saves it
        await settle(pilot)
        assert world.context.site.layout_for(later.id) is None
        await pilot.press("s")
        await settle(pilot)
        assert pilot.app.screen is not screen
    assert world.context.site.layout_for(later.id) is not None


@pytest.fixture
def snap_world(tmp_path: Path) -> World:
    world = build_world(tmp_path / "snap.db")
    world.context.site.save_layout(world.session_ids["completed"], demo_layout(), "tester")
    return world


def _editor(world: World):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open(pilot, world, world.session_ids["completed"])
        await pilot.press("n")
        await settle(pilot)

    return run_before


def test_layout_editor_80x24(snap_compare, snap_world) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        snap_world.app("ja"), terminal_size=(80, 24), run_before=_editor(snap_world)
    )


def test_layout_editor_120x40(snap_compare, snap_world) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        snap_world.app("ja"), terminal_size=(120, 40), run_before=_editor(snap_world)
    )


async def test_card_ledger_on_site_check(world: World) -> None:
    from datetime import UTC, datetime

    from inspector.domain.cards import CardKind, CardStatus, CardUse
    from inspector.store.repositories.site import NewCard
    from inspector.tui.screens.card_ledger import CardLedgerScreen

    org = world.org_ids["210"]
    issued = datetime(2025, 4, 1, tzinfo=UTC)
    world.context.site.add_cards(
        [
            NewCard(
                org,
                "SR-01",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                holder_id=world.person_ids["B001"],
                issued_at=issued,
            ),
            NewCard(
                org,
                "SR-02",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                holder_id=world.person_ids["B001"],
                issued_at=issued,
            ),
        ],
        "tester",
    )
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CardLedgerScreen(pilot.app.context, org))
        await settle(pilot)
        await pilot.press("n")  # SR-01 not seen
        await settle(pilot)
        await pilot.press("down", "l", "y")  # SR-02 lost, after the confirmation
        await settle(pilot)
    states = {s.card.number: s for s in world.context.site.ledger(org).states()}
    assert states["SR-01"].last_check is not None and states["SR-01"].last_check.value == "not_seen"
    assert states["SR-02"].status is CardStatus.LOST
    assert states["SR-02"].suspended_at is not None


async def test_footer_is_whole_at_80_columns(world: World) -> None:
    """At 80x24 every key in the editor's footer shows whole in both languages; `]` (next
    kind) is left to `?` help: the number keys pick a kind, as the palette says."""
    from tests.tui.test_card_ledger import assert_footer_whole

    for lang in ("ja", "en"):
        app = world.app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot, world, world.session_ids["completed"])
            keys = assert_footer_whole(app)
            assert {"␣", "x", "r", "n", "f", "s", "esc", "?"} <= set(keys), keys


def _layout_rows(world: World, session_id: int) -> int:
    """The layouts stored with the session, counted in the database itself."""
    import sqlite3

    with sqlite3.connect(world.path) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM site_layout WHERE session_id = ?", (session_id,)
        ).fetchone()
    return int(count)


async def test_an_untouched_blank_layout_is_not_saved_on_leaving(
    world: World, empty_visit: int
) -> None:
    """A visit of an organization without a server room (no layout of its own, none
    from an earlier visit): opening the editor and leaving stores nothing, and the title
    does not claim unsaved work."""
    from inspector.i18n import Translator

    app = world.app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, world, empty_visit)
        assert screen.loaded and screen.room.cells == {}
        assert not screen.dirty
        title = static_text(screen.query_one("#layout-title"))
        assert Translator("en")("site.layout.unsaved") not in title
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is not screen
    assert world.context.site.layout_for(empty_visit) is None
    assert _layout_rows(world, empty_visit) == 0


async def test_a_cell_placed_and_erased_again_is_not_saved(world: World, empty_visit: int) -> None:
    """Back to the empty room it started from: nothing to save; a placed cell is."""
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, world, empty_visit)
        await pilot.press("1", "space")
        assert screen.dirty
        await pilot.press("x")
        assert not screen.dirty
        await pilot.press("escape")
        await settle(pilot)
    assert _layout_rows(world, empty_visit) == 0
    async with world.app().run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, world, empty_visit)
        await pilot.press("1", "space", "escape", "s")  # an edit is saved when asked
        await settle(pilot)
    assert _layout_rows(world, empty_visit) == 1
    saved = world.context.site.layout_for(empty_visit)
    assert saved is not None and saved.layout.cells[(0, 0)].kind is CellKind.RACK


async def test_a_saved_layout_reopened_and_left_is_not_saved_again(world: World) -> None:
    """A stored layout opened again is not unsaved work; leaving keeps the stored row."""
    sid = world.session_ids["completed"]
    world.context.site.save_layout(sid, demo_layout(), "tester")
    before = world.context.site.layout_for(sid)
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, world, sid)
        assert screen.room == demo_layout()
        assert not screen.dirty
        await pilot.press("escape")
        await settle(pilot)
    after = world.context.site.layout_for(sid)
    assert before is not None and after is not None and after.layout == before.layout
    assert _layout_rows(world, sid) == 1
