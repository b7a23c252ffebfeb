"""office15 (4), through Textual's Pilot at 80x24: a manager's name typed on the collection
screen is unsaved work. Ctrl+Q asks before quitting (naming it), Escape from the field asks
before leaving the screen; "n" keeps the name in its field."""

from __future__ import annotations

from textual.widgets import Input, Label

from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.quit_confirm import QuitConfirmScreen

from .conftest import World, settle


async def _typed_name(app, pilot) -> CollectionScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    for key in ("x", "m"):
        await pilot.press(key)
        await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CollectionScreen)
    await pilot.press(*"山田")
    await settle(pilot)
    assert screen.query_one("#collection-manager", Input).value == "山田"
    return screen


async def test_ctrl_q_asks_before_losing_a_typed_manager_name(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _typed_name(app, pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, QuitConfirmScreen), "quit without asking"
        said = " ".join(str(label.render()) for label in ask.query(".quit-lost").results(Label))
        assert "山田" in said and "聴取した管理者" in said, said
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        assert screen.query_one("#collection-manager", Input).value == "山田"


async def test_escape_from_the_field_asks_before_losing_the_name(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _typed_name(app, pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "left without asking"
        await pilot.press("n")
        await settle(pilot)
        field = screen.query_one("#collection-manager", Input)
        assert app.screen is screen and field.value == "山田" and field.has_focus
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, CollectionScreen | ConfirmScreen)
