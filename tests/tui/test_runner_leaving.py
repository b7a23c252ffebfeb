"""Leaving the runner loses no answer (review4): Escape while answers are saving waits for them
(in flight and queued) and stays when one fails; ctrl+q names a commit in flight; a closed
terminal commits the queued keys; an unexpected error of the store is shown, and later keys
still save. A commit is held with an event (never a timed wait)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from inspector.store.database import DatabaseError
from inspector.tui.screens.quit_confirm import QuitConfirmScreen
from inspector.tui.screens.runner import RunnerScreen

from .conftest import HANG, World, commits_in_the_writer, settle
from .test_runner import SIZE, open_runner, press


def _hold(
    monkeypatch: pytest.MonkeyPatch, repo: object, fail: Exception | None = None
) -> threading.Event:
    """Hold every commit until the returned event is set; then commit (or raise `fail`)."""
    real_save: Callable[..., object] = repo.save_answer  # type: ignore[attr-defined]
    release = threading.Event()

    def held(*args: object, **kwargs: object) -> object:
        release.wait(HANG)
        if fail is not None:
            raise fail
        return real_save(*args, **kwargs)

    monkeypatch.setattr(repo, "save_answer", held)
    commits_in_the_writer(monkeypatch, repo)
    return release


def _messages(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_escape_while_saving_waits_for_the_queued_answers(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        release = _hold(monkeypatch, app.context.repo)
        try:
            await pilot.press("1")  # in flight, held
            await pilot.press("2")  # queued behind it
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is runner and runner.is_saving  # the back waits
        finally:
            release.set()
        await settle(pilot)
        assert not isinstance(app.screen, RunnerScreen)  # back once both are committed
    assert world.values(empty_session) == {"c-01": "compliant", "c-02": "noncompliant"}


async def test_escape_while_a_commit_fails_stays_with_the_answer_unsaved(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        release = _hold(monkeypatch, app.context.repo, DatabaseError("database is locked"))
        try:
            await pilot.press("1")
            await pilot.press("escape")
            await pilot.pause()
        finally:
            release.set()
        await settle(pilot)
        assert app.screen is runner
        assert runner.model is not None and "c-01" in runner.model.unsaved
        assert any("保存できませんでした" in m for m in _messages(app)), _messages(app)
    assert world.values(empty_session) == {}


async def test_ctrl_q_asks_while_a_commit_is_in_flight(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        runner = await open_runner(pilot, empty_session)
        release = _hold(monkeypatch, app.context.repo)
        try:
            await pilot.press("1")
            await pilot.press("ctrl+q")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, QuitConfirmScreen) and app.return_code is None
            assert dialog.lost == ["保存を待っている操作 1 件（実施画面：市民課）"]
            await pilot.press("escape")  # stay
            await pilot.pause()
        finally:
            release.set()
        await settle(pilot)
        assert app.screen is runner and not runner.is_saving
        await press(pilot, "ctrl+q")  # committed: quits at once
        assert app.return_code == 0
    assert world.values(empty_session) == {"c-01": "compliant"}


async def test_a_closed_terminal_commits_the_queued_answers(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        release = _hold(monkeypatch, app.context.repo)
        await pilot.press("1")
        await pilot.press("2")
        assert runner.is_saving
        release.set()  # the commit in flight goes on; "2" still waits in the queue
        app.hang_up()
        await settle(pilot)
        assert app.return_code == 129
    assert world.values(empty_session) == {"c-01": "compliant", "c-02": "noncompliant"}


async def test_an_unexpected_error_of_the_store_is_shown_and_later_keys_save(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        repo = app.context.repo
        real_save = repo.save_answer

        def broken(*args: object, **kwargs: object) -> object:
            raise RuntimeError("unexpected")

        def no_words(exc: BaseException) -> str:
            raise ValueError("cannot describe")

        monkeypatch.setattr(repo, "save_answer", broken)
        commits_in_the_writer(monkeypatch, repo)
        monkeypatch.setattr(runner, "describe", no_words)
        await press(pilot, "2")
        assert runner.model is not None and "c-01" in runner.model.unsaved
        assert not runner.is_saving
        assert any("unexpected" in m for m in _messages(app))
        monkeypatch.setattr(repo, "save_answer", real_save)
        await press(pilot, "1")  # the writer is free: the next key saves
        assert not runner.is_saving
        assert world.values(empty_session) == {"c-01": "compliant"}
        await press(pilot, "ctrl+s")  # nothing left unsaved
        assert not runner.model.unsaved
