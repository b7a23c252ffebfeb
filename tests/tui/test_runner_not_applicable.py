"""The runner's 該当なし key (3) answers a yes/no item too (issue 15)."""

from __future__ import annotations

from tests.tui.conftest import World
from tests.tui.test_runner import SIZE, current, open_runner, press


async def test_three_answers_a_yes_no_item_not_applicable(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1", "2")
        assert current(runner) == "h-01"
        await press(pilot, "3")
        assert world.values(empty_session)["h-01"] == "not_applicable"
        # h-02 and h-03 depend on h-01 = yes: skipped
        assert current(runner) == "n-01"
