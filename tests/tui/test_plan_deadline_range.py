"""A plan's deadline typed in the interface is held to the range the Excel form takes
(2000-01-01..2099-12-31, excel5): 0001-01-01 is a slip that would print as no era at all
and make the laptop's bundle refused; refused with the range, nothing written."""

from __future__ import annotations

from datetime import date

from inspector.tui.screens.plan_detail import PlanDetailScreen, PlanEditScreen

from .conftest import World, settle
from .test_plan_edit import SIZE, add_plan, press


async def test_a_deadline_out_of_range_is_refused(world: World) -> None:
    plan_id = add_plan(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, plan_id))
        await settle(pilot)
        await press(pilot, "e")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        for typed, shown in (("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31")):
            edit.query_one("#plan-deadline").value = typed  # type: ignore[attr-defined]
            await press(pilot, "ctrl+s")
            assert app.screen is edit
            error = str(edit.query_one("#plan-error").render())
            assert shown in error and "2000-01-01" in error
    assert world.context.findings.plan(plan_id).deadline == date(2025, 9, 30)
