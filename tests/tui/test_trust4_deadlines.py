"""The short deadline column of the findings and plans lists fits a 令和10 and 令和11 day
(令和10.12.31: 12 cells) at 80x24, whole. The findings list's organization column gave
up its eighth cell (a long name shows three double-width characters and an ellipsis either
way) and its title keeps its width; the plans list's title gave up its 16th (a long title
shows seven characters and an ellipsis either way)."""

from __future__ import annotations

from datetime import date
from typing import Any

from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.plans import PlansScreen
from tests.tui.drawn import screen_lines
from tests.tui.test_findings import add_finding

from .conftest import ACTOR, World, settle

SIZE = (80, 24)
DEADLINES = {
    "令和10年の期限": date(2028, 12, 31),  # 令和10.12.31
    "令和11年の期限": date(2029, 11, 30),  # 令和11.11.30
}
SHOWN = ("令和10.12.31", "令和11.11.30")


def _plans(world: World) -> None:
    store = world.context.findings
    for title, deadline in DEADLINES.items():
        finding = add_finding(world, title=title)
        store.add_plan(
            finding,
            measures="対策",
            responsible_organization_id=world.org_ids["210"],
            responsible_person="担当",
            deadline=deadline,
            actor=ACTOR,
        )


def _findings(world: World) -> Any:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(FindingsScreen(pilot.app.context, world.session_ids["completed"]))
        await settle(pilot)

    return run_before


def _plans_screen() -> Any:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(PlansScreen(pilot.app.context))
        await settle(pilot)

    return run_before


async def _drawn(world: World, screen: type) -> str:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await (_findings(world) if screen is FindingsScreen else _plans_screen())(pilot)
        assert isinstance(app.screen, screen)
        return "\n".join(screen_lines(app.screen))


async def test_the_findings_list_shows_reiwa_10_and_11_deadlines_whole(world: World) -> None:
    _plans(world)
    drawn = await _drawn(world, FindingsScreen)
    for day in SHOWN:
        assert day in drawn, drawn
    assert "令和10年の" in drawn  # the title as wide as before


async def test_the_plans_list_shows_reiwa_10_and_11_deadlines_whole(world: World) -> None:
    _plans(world)
    drawn = await _drawn(world, PlansScreen)
    for day in SHOWN:
        assert day in drawn, drawn


def test_findings_with_reiwa_10_deadlines_80x24(snap_compare: Any, world: World) -> None:
    _plans(world)
    assert snap_compare(world.app(), terminal_size=SIZE, run_before=_findings(world))


def test_plans_with_reiwa_10_deadlines_80x24(snap_compare: Any, world: World) -> None:
    _plans(world)
    assert snap_compare(world.app(), terminal_size=SIZE, run_before=_plans_screen())
