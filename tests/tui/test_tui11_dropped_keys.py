"""tui11 3: answer keys typed while an answer was saving are not applied when that save
fails (the cursor stayed: they would answer the wrong item, `keep_queued`); the error says
how many, instead of dropping them silently. The save is held in the writer (an event,
never a timed wait) until the keys are queued behind it, then fails."""

from __future__ import annotations

import threading

import pytest

from inspector.store.database import DatabaseError

from .conftest import HANG, World, commits_in_the_writer, settle, wait_until
from .runner_setup import SIZE, notes, open_runner
from .test_runner import current


def _failing(monkeypatch: pytest.MonkeyPatch, repo: object) -> threading.Event:
    """Every commit goes to the writer, waits there for the returned event, and fails."""
    go = threading.Event()

    def locked(*_args: object, **_kwargs: object) -> object:
        go.wait(HANG)
        raise DatabaseError("the database is locked by another program; nothing was saved")

    monkeypatch.setattr(repo, "save_answer", locked)
    commits_in_the_writer(monkeypatch, repo)
    return go


async def test_keys_typed_during_a_failing_save_are_counted(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        go = _failing(monkeypatch, app.context.repo)
        await pilot.press("1")  # c-01 遵守: held in the writer
        await wait_until(pilot, lambda: runner.is_saving, "the answer saving")
        await pilot.press("2", "1")  # meant for c-02 and h-01
        assert len(runner._queue) == 2
        go.set()
        await settle(pilot)
        assert current(runner) == "c-01" and world.values(empty_session) == {}
        [error] = notes(app, "error")
        assert error.startswith("保存できませんでした。"), error
        assert error.endswith("保存できなかったため、続けて押したキー 2 件は反映していません。")


async def test_a_failing_save_with_no_key_behind_says_only_the_error(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        go = _failing(monkeypatch, app.context.repo)
        go.set()
        await pilot.press("1")
        await settle(pilot)
        assert current(runner) == "c-01"
        [error] = notes(app, "error")
        assert "続けて押したキー" not in error, error


async def test_the_count_in_english(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        go = _failing(monkeypatch, app.context.repo)
        await pilot.press("1")
        await wait_until(pilot, lambda: runner.is_saving, "the answer saving")
        await pilot.press("2", "u", "1")  # two answers and an undo
        go.set()
        await settle(pilot)
        [error] = notes(app, "error")
        assert error.endswith("3 key(s) typed after it were not applied."), error
