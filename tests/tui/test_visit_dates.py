"""Issue 14 point 15 in the interface: date fields say an era date may be typed and read
令和9年3月31日 and R9.3.31; a transport typed in the era is kept, shown in the era in the
log, and a wrong date is refused with the era example; a plan whose measures are done
names its deadline (期限: 令和…), not a bare date."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from inspector.domain.findings import MeasureStatus
from inspector.tui.screens.plan_detail import PlanDetailScreen, PlanEditScreen
from inspector.tui.screens.transport_entry import TransportEntryScreen
from tests.tui.drawn import screen_lines

from .conftest import ACTOR, World, settle
from .test_backup_register import _box, _open
from .test_plan_edit import add_plan, info, press


async def test_transport_date_typed_in_the_era(world: World) -> None:
    _box(world)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, world)
        await pilot.press("t")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, TransportEntryScreen)
        assert form.query_one("#form-date", Input).value == "令和7年6月2日"
        form.set_value("date", "令和7年13月1日")
        form.set_value("to", "別館 書庫")
        form.set_value("carrier", "山本")
        await press(pilot, "ctrl+s")
        assert form.is_current
        assert "令和7年6月2日、R7.6.2" in "\n".join(screen_lines(form))
        form.set_value("date", "R7.6.1")
        await press(pilot, "ctrl+s")
        await settle(pilot)  # the ledger reloads its transports in a worker
        assert pilot.app.screen is screen
        assert screen.transports[0].transport_date == date(2025, 6, 1)
        assert "令和7年6月1日" in "\n".join(screen_lines(screen))


async def test_plan_deadline_field_names_the_era_and_a_done_plan_its_deadline(
    world: World,
) -> None:
    plan_id = add_plan(world)
    world.context.findings.add_entry(plan_id, MeasureStatus.DONE, date(2025, 6, 1), "済", ACTOR)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        detail = PlanDetailScreen(app.context, plan_id)
        app.push_screen(detail)
        await settle(pilot)
        assert "期限: 令和7年9月30日" in info(detail)
        await press(pilot, "e")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        assert "例：令和9年3月31日、R9.3.31" in "\n".join(screen_lines(edit))
        edit.query_one("#plan-deadline", Input).value = "R7.12.26"
        await press(pilot, "ctrl+s")
        assert app.screen is detail
        assert "期限: 令和7年12月26日" in info(detail)


async def test_home_shows_dates_and_count_headings_whole_at_80(world: World) -> None:
    """Japanese: the session date in the era beside 回答 and 不遵守; English: ISO, and the
    heading "Answered" whole (it was cut to "Answ…")."""
    for lang, day, heading in (
        ("ja", "令和7年5月20日", "不遵守"),
        ("en", "2025-05-20", "Answered"),
    ):
        app = world.app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            lines = screen_lines(app.screen)
            assert heading in lines[1] and "…" not in lines[1], lines[1]
            row = next(line for line in lines if day in line)
            assert row.rstrip()[-1].isdigit(), row  # the 不遵守 count is on screen
