"""Keys sent in one burst on a list act in order (walk8 H3): `Down Down Enter` opens the
row the cursor is on after the two Downs, never the row highlighted before them (Enter
bound with `priority=True` ran before the queued Downs reached the table)."""

from __future__ import annotations

from inspector.domain.model import Role, SessionKind
from inspector.tui.screens.home import HomeScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.fitted_table import FittedTable
from inspector.tui.widgets.session_table import SessionTable

from .burst import burst
from .conftest import TODAY, World, settle, wait_until


def _more_sessions(world: World) -> None:
    for number, person in (("4", "A002"), ("5", "B001")):
        world.repo.start_session(
            world.checklist,
            world.org_ids["110" if person == "A002" else "210"],
            role=Role.HEAD,
            kind=SessionKind.SELF_CHECK,
            respondent_id=world.person_ids[person],
            session_date=TODAY,
            uid=f"00000000-0000-0000-0000-00000000000{number}",
        )


async def _home_rows(pilot) -> list[int]:  # type: ignore[no-untyped-def]
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    table = app.screen.query_one(SessionTable)
    await wait_until(pilot, lambda: table.row_count >= 4, "the sessions")
    await settle(pilot)
    rows = [int(key.value) for key in table.rows]  # type: ignore[arg-type]
    assert table.cursor_row == 0 and table.has_focus
    return rows


async def test_down_down_enter_in_one_burst_opens_the_third_row(world: World) -> None:
    _more_sessions(world)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = await _home_rows(pilot)
        burst(app, "down", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunnerScreen), "the runner")
        await settle(pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.session_id == rows[2], (runner.session_id, rows)


async def test_back_then_down_enter_opens_the_next_row(world: World) -> None:
    """walk8 also saw `Escape`, then `Down Enter`, reopen the session just left."""
    _more_sessions(world)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = await _home_rows(pilot)
        burst(app, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunnerScreen), "the runner")
        await settle(pilot)
        assert app.screen.session_id == rows[0]  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        table = app.screen.query_one(SessionTable)
        await wait_until(pilot, lambda: table.session_id == rows[0], "the row worked on")
        await settle(pilot)
        burst(app, "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunnerScreen), "the runner")
        await settle(pilot)
        assert app.screen.session_id == rows[1]  # type: ignore[attr-defined]


async def test_findings_down_down_enter_in_one_burst_edits_the_third_row(world: World) -> None:
    from inspector.tui.screens.finding_edit import FindingEditScreen

    from .test_findings import add_finding, open_findings

    for title in ("一件目の指摘", "二件目の指摘", "三件目の指摘"):
        add_finding(world, title=title)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        findings = await open_findings(pilot, world)
        table = findings.query_one("#findings-table", FittedTable)
        await wait_until(pilot, lambda: table.row_count == 3, "the findings")
        await settle(pilot)
        assert table.cursor_row == 0 and table.has_focus
        third = table.get_row_at(2)
        burst(app, "down", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FindingEditScreen), "the edit")
        await settle(pilot)
        edit = app.screen
        assert isinstance(edit, FindingEditScreen) and edit.finding is not None
        assert edit.finding.title in str(third), (edit.finding.title, third)
