"""walk9 H1, M8, M9: the layout editor writes only to an open visit and never on Esc
without asking; a completed visit's layout is read-only; `m` opens only on a visit; the
header names whose layout it is; `f` files a finding only for the rule the user picked;
the palette gives the letters the map shows. At 80x24, read back from the database."""

from __future__ import annotations

import sqlite3

import pytest

from inspector.demo.site import demo_layout
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.hearing import HEARING_CHECKLIST_ID
from inspector.domain.model import Role, SessionKind
from inspector.resources import shipped_checklists_dir
from inspector.services.errors import Refused
from inspector.services.site_layouts import save_visit_layout
from inspector.tui.screens.home import HomeScreen
from inspector.tui.screens.layout_editor import LayoutEditorScreen
from inspector.tui.screens.layout_leave import LayoutLeaveScreen

from .conftest import TODAY, World, settle
from .drawn import static_text

SIZE = (80, 24)


def _rows(world: World, session_id: int) -> list[tuple[str, str]]:
    """The stored layouts of the session (layout JSON, saved_at), from the file itself."""
    with sqlite3.connect(world.path) as db:
        return [
            (str(layout), str(saved_at))
            for layout, saved_at in db.execute(
                "SELECT layout, saved_at FROM site_layout WHERE session_id = ?", (session_id,)
            )
        ]


def _notices(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def _open(pilot, session_id: int) -> LayoutEditorScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = LayoutEditorScreen(pilot.app.context, session_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def _title(screen: LayoutEditorScreen) -> str:
    return static_text(screen.query_one("#layout-title"))


async def test_esc_with_changes_asks_and_discard_saves_nothing(
    world: World, visit_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, visit_session)
        await pilot.press("1", "space")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LayoutLeaveScreen)  # asked, nothing saved yet
        assert _rows(world, visit_session) == []
        await pilot.press("escape")  # back to the editor, the room as it was
        await settle(pilot)
        assert app.screen is screen and screen.dirty
        await pilot.press("escape", "d")
        await settle(pilot)
        assert app.screen is not screen
    assert _rows(world, visit_session) == []


async def test_esc_with_changes_then_s_saves(world: World, visit_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, visit_session)
        await pilot.press("1", "space", "escape", "s")
        await settle(pilot)
        assert app.screen is not screen
    saved = world.context.site.layout_for(visit_session)
    assert saved is not None and (0, 0) in saved.layout.cells


async def test_a_completed_visit_layout_is_read_only(world: World) -> None:
    sid = world.session_ids["completed"]
    world.context.site.save_layout(sid, demo_layout(), "tester")
    before = _rows(world, sid)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, sid)
        title = _title(screen)
        # whose layout: the organization, the visit's day, and that it is read-only
        assert "情報政策課" in title and "令和7年5月20日" in title
        assert "完了（読み取り専用）" in title
        await pilot.press("right", "right", "5", "space", "x", "r", "s")
        await settle(pilot)
        assert screen.room == demo_layout()
        assert any("完了しているため、配置図は変更できません" in n for n in _notices(app))
        await pilot.press("n", "f")  # no finding either: the visit is completed
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")  # nothing to ask: leaves at once
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert _rows(world, sid) == before
    assert world.context.findings.findings(session_id=sid) == []


def _hearing(world: World) -> int:
    shipped = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    session = world.repo.start_session(
        shipped.get(HEARING_CHECKLIST_ID),
        world.org_ids["110"],
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        respondent_id=world.person_ids["A001"],
        session_date=TODAY,
    )
    return session.id


async def test_m_on_a_hearing_does_not_open_the_layout(world: World) -> None:
    hearing = _hearing(world)  # the newest session: selected on home
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.selected_session_id == hearing
        await pilot.press("m")
        await settle(pilot)
        assert app.screen is home
        assert any("監査の記録で開きます" in n for n in _notices(app))
    assert _rows(world, hearing) == []


async def test_m_on_a_visit_opens_the_layout(world: World, visit_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.selected_session_id == visit_session  # type: ignore[attr-defined]
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, LayoutEditorScreen)


async def test_a_hearing_opened_in_the_editor_stores_nothing(world: World) -> None:
    hearing = _hearing(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, hearing)
        await pilot.press("5", "space", "s", "escape")
        await settle(pilot)
        assert screen.room.cells == {}
        assert any("監査ではない" in n for n in _notices(app))
    assert _rows(world, hearing) == []


def test_the_service_refuses_a_completed_visit_and_a_self_check(world: World) -> None:
    completed = world.session_ids["completed"]
    for sid in (completed, world.session_ids["open"]):
        with pytest.raises(Refused):
            save_visit_layout(world.context, sid, demo_layout(), world.context.t)
        assert _rows(world, sid) == []


async def test_f_asks_which_rule_and_files_the_one_picked(world: World, visit_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, visit_session)
        # a rack at A1 (exhaust east), cardboard at B1: two rules broken
        await pilot.press("1", "space", "right", "5", "space")
        broken = [r.rule_id for r in screen.results if r.broken]
        assert len(broken) >= 2
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is not screen  # the candidates are shown, nothing filed
        assert world.context.findings.findings(session_id=visit_session) == []
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert world.context.findings.findings(session_id=visit_session) == []
        await pilot.press("f", "down", "enter")  # the second candidate
        await settle(pilot)
    findings = world.context.findings.findings(session_id=visit_session)
    assert [f.layout["rule"] for f in findings if f.layout] == [broken[1]]


async def test_f_lists_the_rule_marked_first(world: World, visit_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, visit_session)
        await pilot.press("1", "space", "right", "5", "space", "n", "n")
        broken = [r.rule_id for r in screen.results if r.broken]
        chosen = screen.selected_rule
        assert chosen == broken[1]  # not the first broken rule: `f` would have taken that
        await pilot.press("f", "enter")
        await settle(pilot)
    findings = world.context.findings.findings(session_id=visit_session)
    assert [f.layout["rule"] for f in findings if f.layout] == [chosen]


async def test_the_palette_gives_the_letters_of_the_map(world: World, visit_session: int) -> None:
    for lang, expected in (
        ("ja", ("R サーバラック", "O 作業机", "D+ 扉（入退室管理あり）", "x 不用物")),
        ("en", ("R ", "O ", "D+ ", "x ")),
    ):
        app = world.app(lang)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open(pilot, visit_session)
            palette = static_text(screen.query_one("#layout-palette"))
            for text in expected:
                assert text in palette, (text, palette)
