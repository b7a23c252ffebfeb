"""walk7 M9: on an encrypted database at first start, the passphrase is asked alone (the
first-start setup was drawn under it, its labels showing through the prompt's edge); the
setup comes once the database is open."""

from __future__ import annotations

from textual.widgets import Input

from inspector.store.encrypt import encrypt_database
from inspector.tui.app import InspectorApp
from inspector.tui.screens.db_passphrase import DbPassphraseScreen
from inspector.tui.screens.inspector_setup import InspectorSetupScreen

from .conftest import TODAY, World, settle

SECRET = "ノートPCの合言葉 1"


async def test_the_passphrase_is_asked_first_then_the_setup(world: World) -> None:
    encrypt_database(world.path, SECRET)
    app = InspectorApp(world.new_context(inspector_name=None), today=TODAY, ask_inspector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DbPassphraseScreen)
        assert not any(isinstance(s, InspectorSetupScreen) for s in app.screen_stack)
        app.screen.query_one(Input).value = SECRET
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InspectorSetupScreen)
        await pilot.press("escape")  # later: asked once, not again on the next reload
        await settle(pilot)
        app.screen.action_refresh()  # type: ignore[attr-defined]
        await settle(pilot)
        assert not isinstance(app.screen, InspectorSetupScreen)


async def test_a_plain_database_asks_the_setup_at_start(world: World) -> None:
    """At once, over the first frame (before the list is read): keys typed at start go to
    the setup, not to home's `n`, `s`, `q`."""
    app = InspectorApp(world.new_context(inspector_name=None), today=TODAY, ask_inspector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, InspectorSetupScreen)
        await settle(pilot)
        assert isinstance(app.screen, InspectorSetupScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, InspectorSetupScreen)  # asked once


async def test_the_organization_picker_of_a_new_visit_shows_its_help_key(world: World) -> None:
    """walk7 LOW: the footer showed only `esc 戻る` (`?` types into the filter)."""
    from inspector.domain.model import SessionKind
    from inspector.tui.screens.help import HelpScreen
    from inspector.tui.screens.new_session import NewSessionScreen

    from .drawn import screen_lines

    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(NewSessionScreen(app.context, SessionKind.INSPECTION))
        await settle(pilot)
        footer = screen_lines(app.screen)[-1]
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
    assert "F1 ヘルプ" in footer, footer
