"""The 80x24 visit, fifth round (b): the runner header keeps its counts when the name is
long, undo says what it undid, the backup register and the lists fit 80 columns."""

from __future__ import annotations

import pytest

from inspector.domain.model import PersonStatus, Role, SessionKind, StaffType
from inspector.store.database import DatabaseError
from inspector.store.repository import PersonInput
from inspector.tui.screens.runner import RunnerScreen

from .conftest import TODAY, World, settle
from .drawn import region_lines

SIZE = (80, 24)
LONG_NAME = "監査 太郎みどり市情報セキュリティ統括責任者代理補佐"


async def open_runner(pilot, session_id: int) -> RunnerScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.open_runner(session_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RunnerScreen)
    return screen


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@pytest.fixture
def long_named_session(world: World) -> int:
    """A new self-check of 市民課 whose respondent has a name longer than the header."""
    world.repo.upsert_people(
        [PersonInput("A009", LONG_NAME, "110", StaffType.REGULAR, PersonStatus.ACTIVE)]
    )
    people = {p.staff_number: p.id for p in world.repo.people()}
    session = world.repo.start_session(
        world.checklist,
        world.org_ids["110"],
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        respondent_id=people["A009"],
        session_date=TODAY,
        uid="00000000-0000-0000-0000-000000000095",
    )
    return session.id


async def test_a_long_name_gives_way_to_the_counts_and_the_unsaved_warning(
    world: World, long_named_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, long_named_session)
        repo = app.context.repo

        def locked(*args: object, **kwargs: object) -> object:
            raise DatabaseError("the database is locked by another program")

        monkeypatch.setattr(repo, "save_answer", locked)
        await press(pilot, "2")
        header = runner.query_one("#runner-header")
        second = region_lines(runner, header.region)[1]
        assert "回答 " in second
        assert "不遵守 1" in second
        assert "未保存 1" in second
        assert second.rstrip().endswith("未保存 1")
        assert "監査 太郎" in second or "監査 太" in second  # the name still starts the line
        assert "…" in second  # the name, not the counts, is cut
