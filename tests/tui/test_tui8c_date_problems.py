"""A deadline on a closed day, refused in the finding form at 80 columns (walk8b L2): the
message names the day (a Sunday is 日曜日, not 「土曜日・日曜日」) and no line of it starts
with 「は」 after a date broken off the line before."""

from __future__ import annotations

from datetime import date

from inspector.domain.deadlines import closed_day_problem
from inspector.tui.screens.finding_edit import FindingEditScreen

from .conftest import World, settle
from .drawn import region_lines
from .test_findings import add_finding, open_findings
from .test_plan_edit import press

SIZE = (80, 24)


def test_the_weekend_day_is_named() -> None:
    sunday = closed_day_problem(date(2026, 12, 6), "ja")
    saturday = closed_day_problem(date(2026, 12, 5), "ja")
    assert sunday is not None and sunday.startswith("期限（令和8年12月6日）：日曜日で閉庁日です")
    assert saturday is not None and "：土曜日で閉庁日です" in saturday
    assert "土曜日・日曜日" not in sunday + saturday
    english = closed_day_problem(date(2026, 12, 6), "en")
    assert english is not None and "Sunday" in english and "Saturday" not in english


async def test_a_sunday_deadline_is_named_and_wraps_cleanly(world: World) -> None:
    add_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world)
        await press(pilot, "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        edit.query_one("#finding-deadline").value = "2031-01-12"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is edit
        error = edit.query_one("#finding-error")
        error.scroll_visible(animate=False)
        await settle(pilot)
        lines = [line.strip() for line in region_lines(edit, error.region) if line.strip()]
    said = "".join(lines)
    assert "期限（令和13年1月12日）：日曜日で閉庁日です" in said, lines
    assert not any(line.startswith(("は", "：")) for line in lines), lines
