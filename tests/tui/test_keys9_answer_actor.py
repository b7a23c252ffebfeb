"""The change log names whoever the session's completion names (keys9): the session's
inspector, else the configured inspector, else the configured user name; never the OS
login name while a name is configured. Read back from `answer_change.changed_by`."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from inspector.domain.model import Role, SessionKind
from inspector.services.actors import change_actor
from inspector.tui.app import InspectorApp

from .conftest import TODAY, World
from .test_runner import SIZE, open_runner, press


def app_as(world: World, user: str, inspector_name: str | None) -> InspectorApp:
    """The interface run by OS user `user` (the configured user name), `inspector_name`."""
    context = world.new_context(inspector_name=inspector_name)
    context.settings = replace(context.settings, user=user)
    return InspectorApp(context, today=TODAY)


def actors(world: World, session_id: int) -> list[str]:
    with sqlite3.connect(world.path) as db:
        rows = db.execute(
            "select changed_by from answer_change where session_id = ? order by id", (session_id,)
        )
        return [r[0] for r in rows]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"user": "os-login", "inspector_name": "検査 花子"}, "検査 花子"),
        ({"user": "設定 次郎", "inspector_name": None}, "設定 次郎"),
    ],
)
async def test_a_self_check_answer_names_the_configured_person(
    world: World, empty_session: int, settings: dict[str, object], expected: str
) -> None:
    app = app_as(world, **settings)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "1")
    assert actors(world, empty_session) == [expected]


async def test_an_inspection_answer_names_the_sessions_inspector(world: World) -> None:
    session = world.repo.start_session(
        world.checklist,
        world.org_ids["110"],
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        respondent_id=world.person_ids["A002"],
        inspector_name="監査 三郎",
        session_date=date(2025, 5, 21),
        uid="00000000-0000-0000-0000-0000000000a9",
    )
    app = app_as(world, "os-login", "別人 四郎")
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, session.id)
        await press(pilot, "1")
    assert actors(world, session.id) == ["監査 三郎"]


def test_the_os_login_only_when_nothing_is_configured(world: World) -> None:
    settings = replace(world.new_context(inspector_name="  ").settings, user="login")
    assert change_actor(settings) == "login"
    assert change_actor(settings, " 監査 太郎 ") == "監査 太郎"
