"""The plans list's N日以内 filter keeps its label once a number is typed (walk7b N5: the
label was the placeholder, and typing `30` left only `30` on the row)."""

from __future__ import annotations

from textual.widgets import Input

from inspector.tui.screens.plans import PlansScreen

from .conftest import World, settle
from .drawn import region_lines

SIZE = (80, 24)


async def test_the_days_filter_keeps_its_label_when_typed_in(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        screen = app.screen
        days = screen.query_one("#filter-days", Input)
        days.focus()
        await pilot.press("3", "0")
        await settle(pilot)
        assert days.value == "30"
        row = screen.query_one("#plans-filters")
        [line] = region_lines(screen, row.region)
    assert "30" in line and "日以内" in line, line
    assert line.index("30") < line.index("日以内"), line
    assert "期限超過のみ" in line, line  # the row still fits at 80 columns
