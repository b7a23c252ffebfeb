"""An encrypted database: the first screen is drawn, then its passphrase is asked; a
wrong one is said so and asked again, the right one opens the database (issue 11 point 7)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from inspector.store.encrypt import encrypt_database
from inspector.tui.screens.db_passphrase import DbPassphraseScreen
from inspector.tui.screens.home import HomeScreen
from inspector.tui.widgets.session_table import SessionTable

from .conftest import World, settle

SIZE = (100, 30)
SECRET = "ノートPCの合言葉 1"


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot)


def _error(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#db-passphrase-error", Label).render())


async def test_the_prompt_asks_until_the_passphrase_is_right(world: World) -> None:
    encrypt_database(world.path, SECRET)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DbPassphraseScreen)
        assert app.screen_stack[0].__class__ is HomeScreen  # the first screen came first
        assert app.screen.query_one(Input).password
        await _type(pilot, "wrong")
        assert isinstance(app.screen, DbPassphraseScreen)
        assert "パスフレーズが違います" in _error(app)
        assert app.screen.query_one(Input).value == ""
        await pilot.press("enter")  # empty
        await settle(pilot)
        assert "空です" in _error(app)
        await _type(pilot, SECRET)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(SessionTable).row_count == 2


async def test_a_wrong_passphrase_from_the_environment_is_asked_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt_database(world.path, SECRET)
    monkeypatch.setenv("INSPECTOR_DB_PASSPHRASE", "not it")
    app = world.app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DbPassphraseScreen)
        assert "Wrong passphrase" in _error(app)
        await _type(pilot, SECRET)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(SessionTable).row_count == 2


async def test_escape_ends_the_application(world: World) -> None:
    encrypt_database(world.path, SECRET)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DbPassphraseScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_right_passphrase_from_the_environment_asks_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt_database(world.path, SECRET)
    monkeypatch.setenv("INSPECTOR_DB_PASSPHRASE", SECRET)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(SessionTable).row_count == 2
