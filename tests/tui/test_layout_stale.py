"""The layout editor when someone else saved the visit's layout after it was opened: the
save is refused with who saved and when (in Japanese), the user's layout stays on screen as
unsaved work (Esc does not drop it, Ctrl+Q asks), `t` shows theirs and then the user's own
again, and a save after looking replaces theirs knowingly."""

from __future__ import annotations

from inspector.demo.site import demo_layout
from inspector.domain.layout import CellKind
from inspector.tui.screens.layout_editor import LayoutEditorScreen
from inspector.tui.screens.quit_confirm import QuitConfirmScreen
from tests.tui.conftest import World, settle


def _notices(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_a_refused_save_keeps_the_layout_on_screen_and_says_who_and_when(
    world: World, visit_session: int
) -> None:
    sid = visit_session
    site = world.context.site
    site.save_layout(sid, demo_layout(), "tester")
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = LayoutEditorScreen(pilot.app.context, sid)
        pilot.app.push_screen(screen)
        await settle(pilot)
        assert screen.room == demo_layout()
        mine = demo_layout().place((0, 9), CellKind.DESK)
        theirs = site.save_layout(sid, demo_layout().place((15, 0), CellKind.RACK), "監査 花子")
        screen.cursor = (0, 9)
        await pilot.press("2", "space")  # a desk at A10
        assert screen.room == mine and screen.dirty
        await pilot.press("s")
        await settle(pilot)
        # refused: theirs stays in the database, mine on screen, still unsaved
        stored = site.layout_for(sid)
        assert stored is not None and stored.layout == theirs.layout
        assert screen.room == mine and screen.dirty
        assert any("監査 花子" in n and "保存していません" in n for n in _notices(app))
        assert screen.unsaved_work() is not None
        await pilot.press("escape", "s")  # Esc, then save: refused again, the screen stays
        await settle(pilot)
        assert app.screen is screen and screen.room == mine
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitConfirmScreen)
        await pilot.press("escape")  # not quitting
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("t")  # theirs, to look at
        assert screen.room == theirs.layout and not screen.dirty
        assert screen.unsaved_work() is not None  # mine, put aside
        await pilot.press("t")  # mine again
        assert screen.room == mine and screen.dirty
        await pilot.press("s")  # now a decision made knowing theirs
        await settle(pilot)
        assert not screen.dirty and screen.unsaved_work() is None
    stored = site.layout_for(sid)
    assert stored is not None and stored.layout == mine
