"""The runner's item list, drawn row by row: the keys and the mouse move the highlight as
Textual's option list did (disabled rows skipped, wrapping at the ends), enter and a click
select, and a row that changes is drawn anew."""

from __future__ import annotations

from inspector.tui.screens.value_input import ValueInputScreen
from inspector.tui.widgets.item_list import ItemList
from tests.tui.drawn import region_lines

from .conftest import World, settle
from .test_runner import SIZE, current, open_runner, press


async def test_keys_move_over_the_items_that_apply(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        assert current(runner) == "c-01"
        await press(pilot, "up")  # from the first, the last
        assert current(runner) == "n-03"
        await press(pilot, "down")
        assert current(runner) == "c-01"
        await press(pilot, "down", "down")  # c-03 does not apply to 市民課: skipped
        assert current(runner) == "h-01"
        await press(pilot, "down")  # h-02 and h-03 do not apply before h-01 is "yes"
        assert current(runner) == "n-01"
        await press(pilot, "end")
        assert current(runner) == "n-03"
        await press(pilot, "home")
        assert current(runner) == "c-01"
        await press(pilot, "pagedown")
        assert current(runner) in {"n-01", "n-02", "n-03"}
        await press(pilot, "pageup")
        assert current(runner) == "c-01"


async def test_enter_and_a_click_select(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        item_list = runner.query_one(ItemList)
        item_list.show_item("n-03")  # a text item: enter opens its input
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ValueInputScreen)
        await press(pilot, "escape")
        assert app.screen is runner
        # c-02 is the list's third line (under the section's title and c-01)
        item_list.scroll_home(animate=False)
        await settle(pilot)
        await pilot.click(ItemList, offset=(10, 2))
        await settle(pilot)
        assert current(runner) == "c-02"


async def test_an_answer_redraws_its_row(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        item_list = runner.query_one(ItemList)
        before = region_lines(runner, item_list.region)
        await press(pilot, "2")
        after = region_lines(runner, item_list.region)
        changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
        assert len(changed) == 1  # c-01's mark (the highlight moved: colours, not text)
        assert "・" in changed[0][0] and "×" in changed[0][1]
        assert str(item_list.row("c-01")[0]).lstrip().startswith("×")
