"""doc10 (rev9 D8), through Textual's Pilot on a real database: the hand-out dialog refuses
a due date in the past, today, or on a closed day (a Saturday, a holiday, 12/29-1/3),
naming the earliest or next business day, nothing written; a business day after today is
taken. The rule is the CLI's (`form_distribution.due_problem`)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input, Label

from inspector.domain.business_days import japan_today, next_business_day
from inspector.domain.era import format_date
from inspector.store.repositories.distributed_forms import forms
from inspector.tui.screens.distribute_forms import DistributeScreen
from inspector.tui.screens.work_progress import WorkProgressScreen

from .conftest import World, settle, wait_until

SIZE = (80, 24)


def _next_weekday(start: date, weekday: int) -> date:
    day = start + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


async def _press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_the_dialog_refuses_a_due_date_not_a_business_day_after_today(
    world: World, tmp_path: Path
) -> None:
    today = japan_today()
    saturday = _next_weekday(today, 5)
    new_year = date(today.year + 1, 1, 1)
    earliest = format_date(next_business_day(today + timedelta(days=1)), "ja")
    refused = {
        (today - timedelta(days=3)).isoformat(): earliest,
        today.isoformat(): earliest,
        saturday.isoformat(): "土曜日",
        new_year.isoformat(): format_date(next_business_day(new_year), "ja"),
    }
    out = tmp_path / "forms"
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "x", "d", "enter")
        dialog = app.screen
        assert isinstance(dialog, DistributeScreen)
        dialog.query_one("#distribute-folder", Input).value = str(out)
        for typed, named in refused.items():
            dialog.query_one("#distribute-due", Input).value = typed
            await _press(pilot, "ctrl+s")
            assert app.screen is dialog, typed
            said = str(dialog.query_one("#distribute-error", Label).render())
            assert typed in said and named in said.replace("\n", ""), (typed, said)
            assert not out.exists() and forms(world.context.engine, None) == []
        due = next_business_day(today + timedelta(days=7))
        dialog.query_one("#distribute-due", Input).value = due.isoformat()
        await _press(pilot, "ctrl+s")
        progress = app.screen
        assert isinstance(progress, WorkProgressScreen)
        await wait_until(pilot, lambda: not progress.running, "the forms written")
        assert progress.error is None, progress.error
    recorded = forms(world.context.engine, None)
    assert recorded and {f.due for f in recorded} == {due}
