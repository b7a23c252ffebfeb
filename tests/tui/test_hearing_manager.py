"""The hearing screen's roster shows who heard each person (聴取者, migration 0015): a
hearing started on the screen records this user's name; a hearing whose manager was not
recorded (before 0015, or a roster collected without `--manager`) shows 不明; a person not
heard shows nothing."""

from __future__ import annotations

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.hearing import HEARING_CHECKLIST_ID
from inspector.domain.model import Role, SessionKind
from inspector.tui.screens.runner import RunnerScreen
from tests.tui.test_hearing import hearing_catalog, make_app, open_hearing, press

from .conftest import ACTOR, World

__all__ = ["hearing_catalog"]

SIZE = (120, 30)


async def test_the_roster_shows_who_heard_each_person(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    checklist = hearing_catalog.get(HEARING_CHECKLIST_ID)
    world.repo.start_session(  # heard before 0015: the manager is not known
        checklist,
        world.org_ids["110"],
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        respondent_id=world.person_ids["A002"],
    )
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_hearing(pilot)
        table = screen.query_one("#hearing-table")
        header = [str(c.label) for c in table.columns.values()]  # type: ignore[attr-defined]
        assert header[-1] == "聴取者"
        assert table.get_row_at(0)[-1] == ""  # type: ignore[attr-defined]  # not heard
        assert str(table.get_row_at(1)[-1]) == "不明"  # type: ignore[attr-defined]
        await press(pilot, "enter")  # hear A001
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert world.repo.session(runner.session_id).heard_by == ACTOR
        await press(pilot, "escape")
        assert str(table.get_row_at(0)[-1]) == ACTOR  # type: ignore[attr-defined]
