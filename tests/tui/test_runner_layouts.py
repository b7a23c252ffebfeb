"""An answer repaints the runner, it does not lay the screen out again.

A layout reflows and repaints every widget of the screen: it was the largest cost of an
answer (issue 17), caused by the item detail growing and shrinking with each item's text
and by the footer mounting new key widgets when the next item took other answers. Counted
with the screen's public `screen_layout_refresh_signal`, published after each layout."""

from __future__ import annotations

from typing import Any

from inspector.tui.widgets.item_detail import ItemDetail
from inspector.tui.widgets.runner_keys import RunnerKeys
from tests.tui.drawn import region_lines

from .conftest import World, settle
from .test_runner import SIZE, current, open_runner


async def test_answers_of_every_length_and_type_lay_nothing_out(
    world: World, empty_visit: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_visit)
        detail = runner.query_one(ItemDetail)
        assert current(runner) == "c-01"  # with guidance and an evidence hint: 7 lines
        assert len(detail.lines) == 7
        layouts: list[Any] = []
        runner.screen_layout_refresh_signal.subscribe(runner, layouts.append, immediate=True)
        seen = []
        # c-01 -> c-02 (3 lines) -> h-01 (yes/no: other keys) -> h-02 (text: other keys)
        for key in ("1", "2", "y"):
            await pilot.press(key)
            await settle(pilot)
            seen.append((current(runner), len(detail.lines), runner.query_one(RunnerKeys).keys))
        assert [item for item, _lines, _keys in seen] == ["c-02", "h-01", "h-02"]
        assert seen[0][1] == 3  # the detail's content changed length ...
        assert len({str(keys) for _item, _lines, keys in seen}) == 3  # ... and its keys
        assert layouts == []  # ... and the screen was not laid out again
        # What the pane shows is the new item, drawn (not only in the widget).
        drawn = "\n".join(region_lines(runner, detail.region))
        assert "誰に教えましたか。" in drawn and "未回答" in drawn
        assert world.values(empty_visit) == {
            "c-01": "compliant",
            "c-02": "noncompliant",
            "h-01": "yes",
        }


async def test_a_long_item_scrolls_inside_its_pane(world: World, empty_visit: int) -> None:
    """At 80x16 c-01 does not fit: the pane scrolls its lines, the footer stays."""
    app = world.app()
    async with app.run_test(size=(80, 16)) as pilot:
        runner = await open_runner(pilot, empty_visit)
        detail = runner.query_one(ItemDetail)
        assert detail.max_scroll_y > 0
        top = region_lines(runner, detail.region)
        detail.scroll_end(animate=False)
        await settle(pilot)
        bottom = region_lines(runner, detail.region)
        assert "No.1" in "".join(top) and "No.1" not in "".join(bottom)
        assert "管理体制表、事務分担表" in "".join(bottom)
        await pilot.press("1")  # the next item starts at its top
        await settle(pilot)
        assert detail.scroll_offset.y == 0
        assert "No.2" in "".join(region_lines(runner, detail.region))
