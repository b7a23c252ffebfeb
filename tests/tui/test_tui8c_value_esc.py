"""Esc in the dialog of a number or text answer asks before it drops what was typed
(walk8b, from H1): n keeps the typed value; unchanged, Esc closes at once."""

from __future__ import annotations

from textual.widgets import Input

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.value_input import ValueInputScreen
from inspector.tui.widgets.item_list import ItemList

from .conftest import World, settle
from .test_runner import SIZE, open_runner, press


async def test_esc_asks_before_dropping_a_typed_answer(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        runner.query_one(ItemList).show_item("n-01")
        await settle(pilot)
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, ValueInputScreen)
        await press(pilot, "escape")  # nothing typed: closes at once
        assert app.screen is runner
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, ValueInputScreen)
        await pilot.press(*"42")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is dialog
        assert dialog.query_one(Input).value == "42"
        await press(pilot, "escape", "y")
        assert app.screen is runner
    assert "n-01" not in world.values(empty_session)
