"""The runner's footer line: the keys of the item in focus, and a click presses one."""

from __future__ import annotations

from rich.cells import cell_len

from inspector.tui.widgets.runner_keys import RunnerKeys
from tests.tui.drawn import region_lines

from .conftest import World, settle
from .test_runner import SIZE, current, open_runner


async def test_a_click_on_a_key_presses_it(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        keys = runner.query_one(RunnerKeys)
        line = region_lines(runner, keys.region)[0]
        assert line.startswith("? ヘルプ 1 遵守 2 不遵守 3 該当なし")
        column = cell_len(line[: line.index("2 不遵守")])
        await pilot.click(RunnerKeys, offset=(column, 0))
        await settle(pilot)
        assert world.values(empty_session) == {"c-01": "noncompliant"}
        assert current(runner) == "c-02"
        # on a yes/no item the footer offers y and n, not 1 2 3
        runner.query_one("#item-list").focus()
        await pilot.press("1")
        await settle(pilot)
        assert current(runner) == "h-01"
        shown = [key for key, _description in keys.keys]
        assert "y" in shown and "n" in shown and "1" not in shown
