"""Issue 14 at 80x24: what a new user met walking a whole visit, each checked on the screen
as drawn (`tests/tui/drawn.py`)."""

from __future__ import annotations

import copy
from datetime import date

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.model import Role, SessionKind
from inspector.tui.app import InspectorApp
from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.summary import SummaryScreen
from tests.tui.drawn import screen_lines

from .conftest import SAMPLE, TODAY, World, settle

SIZE = (80, 24)


def drawn(app: InspectorApp) -> str:
    return "\n".join(screen_lines(app.screen))


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def hearing_checklist() -> Checklist:
    """The sample as a person checklist: "yes" to 設問 h-01 (told someone the password)
    is the broken answer, as consolidation counts it."""
    data = copy.deepcopy(SAMPLE)
    data["id"] = "tui-hearing"
    data["unit"] = "respondent"
    return Checklist.model_validate(data)


def hearing_app(world: World) -> tuple[InspectorApp, int]:
    hearing = hearing_checklist()
    session = world.repo.start_session(
        hearing,
        world.org_ids["110"],
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        respondent_id=world.person_ids["A002"],
        inspector_name="監査 太郎",
        session_date=date(2025, 6, 2),
    )
    context = world.new_context()
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, hearing])
    return InspectorApp(context, today=TODAY), session.id


# -- point 2: one rule for "broken" ---------------------------------------------------------


async def test_hearing_yes_counts_as_broken_in_header_summary_and_finding(world: World) -> None:
    app, session_id = hearing_app(world)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(session_id)
        await settle(pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        while runner.current_item_id != "h-01":
            await press(pilot, "j")
        await press(pilot, "y")
        assert "不遵守 1" in drawn(app)
        await press(pilot, "k", "f")
        assert isinstance(app.screen, FindingEditScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "s")
        assert isinstance(app.screen, SummaryScreen)
        screen = drawn(app)
        assert "不遵守 1" in screen
        assert "自分のパスワードを他人に教えたことがある" in screen
