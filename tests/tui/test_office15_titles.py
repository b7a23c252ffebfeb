"""office15 (9), through Textual's Pilot at 80x24: the collection's 督促 with forms not
returned but none past its due date says so (not 「未提出の自己点検票はありません」); the
distribution's checklist picker says 配布 (not 集約); the plans' title follows the
organization chosen and the order."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Label, Select

from inspector.domain.business_days import japan_today, next_business_day
from inspector.services.selfcheck_excel import distribute
from inspector.tui.screens.checklist_picker import ChecklistPicker
from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.plans import PlansScreen
from inspector.tui.widgets.filter_list import FilterList

from .conftest import TODAY, World, settle


async def _press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def _toasts(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_remind_with_forms_not_yet_due_says_none_is_past_due(
    world: World, tmp_path: Path
) -> None:
    due = next_business_day(max(japan_today(), TODAY) + timedelta(days=60))
    distribute(world.context, world.checklist.id, ("110", "210"), tmp_path / "f", due=due)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _press(pilot, "x")
        assert isinstance(app.screen, CollectionScreen)
        await _press(pilot, "r")
        said = _toasts(app)[-1]
        assert "提出期限を過ぎた未提出の自己点検票はありません" in said, said
        assert "2 件" in said, said


async def test_the_distribution_picker_says_hand_out(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _press(pilot, "x", "d")
        picker = app.screen
        assert isinstance(picker, ChecklistPicker)
        title = str(picker.query_one(FilterList).border_title)
        assert "配布" in title and "集約" not in title, title


async def test_the_plans_title_follows_the_organization_and_the_order(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        screen = app.screen

        def title() -> str:
            return str(screen.query_one("#plans-title", Label).render())

        assert "全所属" in title() and "期限の早い順" in title(), title()
        screen.query_one("#filter-organization", Select).value = world.org_ids["210"]
        await settle(pilot)
        assert "210 " in title() and "全所属" not in title(), title()
        screen.query_one("#plans-table").focus()
        await _press(pilot, "s")
        assert "期限の遅い順" in title(), title()
