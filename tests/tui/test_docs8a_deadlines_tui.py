"""docs8 H1-H3 in the interface: a plan's or a finding's deadline before the visit, or on a
day the office is closed, is refused where it is typed, with the visit or the next business
day named; the form keeps what was typed and nothing is written."""

from __future__ import annotations

from datetime import date

from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.plan_detail import PlanDetailScreen, PlanEditScreen

from .conftest import World, settle
from .test_findings import add_finding, open_findings
from .test_plan_edit import SIZE, add_plan, press


async def test_a_plan_deadline_before_the_visit_or_on_a_holiday_is_refused(world: World) -> None:
    plan_id = add_plan(world)  # the visit of 令和7年5月20日
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, plan_id))
        await settle(pilot)
        await press(pilot, "e")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        for typed, said in (
            ("2025-05-10", "監査日 令和7年5月20日"),
            ("2025-11-03", "次の開庁日：令和7年11月4日"),  # 文化の日
            ("2025-11-08", "期限（令和7年11月8日）：土曜日で閉庁日"),
        ):
            edit.query_one("#plan-deadline").value = typed  # type: ignore[attr-defined]
            await press(pilot, "ctrl+s")
            assert app.screen is edit
            error = "".join(str(edit.query_one("#plan-error").render()).split())
            assert said.replace(" ", "") in error, error
            assert edit.query_one("#plan-deadline").value == typed  # type: ignore[attr-defined]
        assert world.context.findings.plan(plan_id).deadline == date(2025, 9, 30)
        edit.query_one("#plan-deadline").value = "2025-11-04"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is not edit
    assert world.context.findings.plan(plan_id).deadline == date(2025, 11, 4)


async def test_a_finding_deadline_on_a_holiday_is_refused(world: World) -> None:
    finding_id = add_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world)
        await press(pilot, "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        for typed, said in (("2025-05-19", "監査日"), ("2031-01-13", "令和13年1月14日")):
            edit.query_one("#finding-deadline").value = typed  # type: ignore[attr-defined]
            await press(pilot, "ctrl+s")
            assert app.screen is edit
            shown = "".join(str(w.render()) for w in edit.query("Label"))
            assert said in "".join(shown.split()), shown
        assert world.context.findings.finding(finding_id).requested_deadline is None
        edit.query_one("#finding-deadline").value = "2031-01-14"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FindingsScreen)
    assert world.context.findings.finding(finding_id).requested_deadline == date(2031, 1, 14)
