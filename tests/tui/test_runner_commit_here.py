"""The runner commits an answer in the interface's own thread when the write lock is free at
once (`tui/runner_commit.py`), durably before the next item is shown; with the lock held by
another program the commit goes to the writer thread and the screen stays live; a commit in
the interface's thread that took long sends the next ones to the writer; a failure there
keeps the answer on screen, unsaved, with the error."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from inspector.store.database import DatabaseError
from inspector.tui.widgets.item_list import ItemList

from .conftest import World, settle
from .test_runner import SIZE, current, open_runner, press


def _committed(path: Path, session_id: int) -> dict[str, str]:
    """The answers another connection reads: what is committed."""
    other = sqlite3.connect(path)
    try:
        found = other.execute(
            "SELECT item_id, value FROM answer WHERE session_id = ?", (session_id,)
        ).fetchall()
    finally:
        other.close()
    return dict(found)


def _commit_threads(app: object) -> list[str]:
    """The names of the threads that commit on the app's database, in order: through the
    engine's connections (the writer) or the connection kept for commits at once."""
    names: list[str] = []
    engine = app.context.engine  # type: ignore[attr-defined]
    event.listen(engine, "commit", lambda _conn: names.append(threading.current_thread().name))
    repo = app.context.repo  # type: ignore[attr-defined]
    held = repo._held_connection

    class Recorded:
        def __init__(self, connection: Any) -> None:
            self.connection = connection

        @contextmanager
        def transaction(self) -> Iterator[Any]:
            with self.connection.transaction() as driver:
                yield driver
            if driver is not None:  # committed (an error would have raised)
                names.append(threading.current_thread().name)

    repo._held_connection = lambda: Recorded(held())
    return names


async def test_the_interface_commits_durably_before_the_next_item_is_shown(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        threads = _commit_threads(app)
        item_list = runner.query_one(ItemList)
        real_show = item_list.show_item
        shown: list[tuple[str, dict[str, str]]] = []

        def show(item_id: str) -> None:
            shown.append((item_id, _committed(world.path, empty_session)))
            real_show(item_id)

        monkeypatch.setattr(item_list, "show_item", show)
        await press(pilot, "1")
        await press(pilot, "2")
        assert current(runner) == "h-01"
        # each next item was shown only once its answer was committed, in this thread
        assert shown == [
            ("c-02", {"c-01": "compliant"}),
            ("h-01", {"c-01": "compliant", "c-02": "noncompliant"}),
        ]
        assert threads == [threading.main_thread().name] * 2
        assert runner.commits.made_here == 2


async def test_a_held_write_lock_sends_the_commit_to_the_writer_and_the_screen_stays_live(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        threads = _commit_threads(app)
        other = sqlite3.connect(world.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program writes
        try:
            started = time.monotonic()
            await pilot.press("1")
            await pilot.pause(0.1)  # the event loop runs: nothing waits for the lock here
            # far under the busy timeout (30 s) that a commit here would have waited
            assert time.monotonic() - started < 10
            assert runner.is_saving
            assert current(runner) == "c-01"  # moves on only once committed
            assert runner.model is not None and runner.model.state("c-01").value == "compliant"
            assert threads == [] and _committed(world.path, empty_session) == {}
        finally:
            other.execute("ROLLBACK")
            other.close()
        await settle(pilot)
        assert _committed(world.path, empty_session) == {"c-01": "compliant"}
        assert current(runner) == "c-02"
        assert len(threads) == 1 and threads[0].startswith("answer-writer")
        assert runner.commits.made_here == 0
        await press(pilot, "2")  # the lock free again: committed here (the wait for another
        # writer's lock is no slow disk)
        assert threads[1:] == [threading.main_thread().name]
        assert _committed(world.path, empty_session) == {
            "c-01": "compliant",
            "c-02": "noncompliant",
        }


async def test_a_slow_commit_here_sends_the_next_one_to_the_writer_until_one_is_quick(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspector.tui.runner_commit as runner_commit

    # generous bounds: the writer's commit must be quick even on a loaded machine
    monkeypatch.setattr(runner_commit, "SLOW_COMMIT", 1.0)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        threads = _commit_threads(app)
        repo = app.context.repo
        real = repo.save_answer_at_once

        def stalled_disk(*args: object, **kwargs: object) -> object:
            time.sleep(1.1)
            return real(*args, **kwargs)

        monkeypatch.setattr(repo, "save_answer_at_once", stalled_disk)
        await press(pilot, "1")  # committed here, slowly
        monkeypatch.setattr(repo, "save_answer_at_once", real)
        await press(pilot, "2")  # to the writer: the interface does not stall again
        await press(pilot, "y")  # that commit was quick: here again
        main = threading.main_thread().name
        assert threads[0] == main and threads[1].startswith("answer-writer")
        assert threads[2] == main and len(threads) == 3
        assert _committed(world.path, empty_session) == {
            "c-01": "compliant",
            "c-02": "noncompliant",
            "h-01": "yes",
        }


async def test_a_commit_here_that_fails_keeps_the_answer_unsaved_with_the_error(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        repo = app.context.repo
        real = getattr(repo, "save_answer_at_once", None)

        def full_disk(*args: object, **kwargs: object) -> object:
            raise DatabaseError("the disk is full; the answer was not saved")

        monkeypatch.setattr(repo, "save_answer_at_once", full_disk, raising=False)
        await press(pilot, "2")
        assert current(runner) == "c-01"  # the cursor did not move on
        assert runner.model is not None and "c-01" in runner.model.unsaved
        assert "ディスク" in runner.model.errors["c-01"] or "disk" in runner.model.errors["c-01"]
        assert not runner.is_saving
        assert _committed(world.path, empty_session) == {}
        monkeypatch.setattr(repo, "save_answer_at_once", real)
        await press(pilot, "ctrl+s")  # saved again
        assert _committed(world.path, empty_session) == {"c-01": "noncompliant"}
        assert not runner.model.unsaved


async def test_a_closed_terminal_commits_the_queued_key_here_after_the_writers_commit(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        threads = _commit_threads(app)
        other = sqlite3.connect(world.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # "1" goes to the writer and waits for this lock
        try:
            await pilot.press("1")
            await pilot.press("2")  # queued behind it
            assert runner.is_saving
        finally:
            other.execute("ROLLBACK")
            other.close()
        app.hang_up()
        await settle(pilot)
        assert app.return_code == 129
    assert _committed(world.path, empty_session) == {"c-01": "compliant", "c-02": "noncompliant"}
    assert len(threads) == 2 and threads[0].startswith("answer-writer")
    assert threads[1] == threading.main_thread().name
