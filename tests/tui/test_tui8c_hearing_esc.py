"""Esc in the ケースの分類 dialog never throws away a changed case or a typed note
(walk8b H1): it asks first; n keeps the dialog as it was, y closes without saving."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from inspector.domain.catalog import ChecklistCatalog
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.hearing_case import HearingCaseScreen
from inspector.tui.unsaved import unsaved_work_in

from .conftest import World
from .test_hearing import SIZE, hearing_catalog, make_app, open_hearing, press

__all__ = ["hearing_catalog"]  # the fixture, imported for the tests below


async def open_case_dialog(pilot, world: World):  # type: ignore[no-untyped-def]
    screen = await open_hearing(pilot)
    await press(pilot, "enter", "n", "n", "n", "y", "escape")  # A001: q4 yes, a case
    assert pilot.app.screen is screen
    await press(pilot, "k")
    dialog = pilot.app.screen
    assert isinstance(dialog, HearingCaseScreen)
    return screen, dialog


async def test_esc_asks_when_the_case_and_note_changed(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await open_case_dialog(pilot, world)
        await press(pilot, "down", "enter")
        await pilot.press(*"memo")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # keep: the dialog is back as it was
        assert app.screen is dialog
        assert dialog.query_one(Input).value == "memo"
        assert dialog.query_one(OptionList).highlighted == 1
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")  # discard: nothing classified
        assert app.screen is screen
        session_id = screen.rows[0].session_id
        assert session_id is not None
        assert session_id not in world.context.hearing.current()


async def test_esc_asks_when_only_the_case_changed(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        _screen, dialog = await open_case_dialog(pilot, world)
        await press(pilot, "down", "down")  # ケース3: its flag matches ケース1's
        assert dialog.query_one(OptionList).highlighted == 2
        assert unsaved_work_in(app.screen_stack)  # Ctrl+Q would name the dialog too
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is dialog


async def test_esc_closes_at_once_when_nothing_changed(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog = await open_case_dialog(pilot, world)
        assert not unsaved_work_in([dialog])
        await press(pilot, "down", "up")  # moved and back: as it opened
        await press(pilot, "escape")
        assert app.screen is screen
