"""Esc in the number/text answer dialog asks before throwing typed text away (walk8 H1),
as every other dialog does: n goes back to the text, y discards it (the answer stays as it
was); a field left as the answer is closes at once."""

from __future__ import annotations

from textual.widgets import Input

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.value_input import ValueInputScreen
from inspector.tui.widgets.item_list import ItemList
from inspector.tui.widgets.paragraph_field import ParagraphField
from tests.tui.drawn import screen_lines

from .conftest import World, settle
from .test_runner import SIZE, open_runner, press

LONG = "道路占用許可システム 財務会計システム 文書管理システム"
QUESTION = "入力した内容を保存せずに閉じますか"


async def _open_input(pilot, runner: RunnerScreen, item_id: str) -> ValueInputScreen:  # type: ignore[no-untyped-def]
    runner.query_one(ItemList).show_item(item_id)
    await settle(pilot)
    await press(pilot, "i")
    dialog = pilot.app.screen
    assert isinstance(dialog, ValueInputScreen) and dialog.item.id == item_id
    return dialog


async def test_esc_after_typing_asks_n_keeps_y_discards(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        dialog = await _open_input(pilot, runner, "n-03")
        field = dialog.query_one("#value-input", ParagraphField)
        await pilot.press(*LONG)
        await settle(pilot)
        assert field.value == LONG
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert any(QUESTION in line for line in screen_lines(app.screen))
        await press(pilot, "n")
        assert app.screen is dialog and field.value == LONG  # back to the text, kept
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert app.screen is runner
        assert world.values(empty_session).get("n-03") is None  # discarded: nothing saved


async def test_esc_on_an_unchanged_field_closes_at_once(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await _open_input(pilot, runner, "n-03")
        await press(pilot, "escape")  # empty, as it opened
        assert app.screen is runner
        dialog = await _open_input(pilot, runner, "n-03")
        await pilot.press(*"特になし", "enter")
        await settle(pilot)
        assert app.screen is runner and world.values(empty_session)["n-03"] == "特になし"
        dialog = await _open_input(pilot, runner, "n-03")
        assert dialog.query_one("#value-input", ParagraphField).value == "特になし"
        await press(pilot, "escape")  # the answer as it is: nothing to lose
        assert app.screen is runner
        # typed, then put back as it was: closes at once too
        dialog = await _open_input(pilot, runner, "n-03")
        await press(pilot, "X", "backspace", "escape")
        assert app.screen is runner
        assert world.values(empty_session)["n-03"] == "特になし"


async def test_a_digit_typed_on_the_runner_is_work_too(world: World, empty_session: int) -> None:
    """A digit on a number item opens the dialog holding it: Esc asks before dropping it."""
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        runner.query_one(ItemList).show_item("n-01")
        await settle(pilot)
        await press(pilot, "4", "2")
        dialog = app.screen
        assert isinstance(dialog, ValueInputScreen)
        assert dialog.query_one("#value-input", Input).value == "42"
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n", "enter")
        assert app.screen is runner and world.values(empty_session)["n-01"] == "42"
