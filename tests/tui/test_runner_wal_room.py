"""The runner makes room in the write-ahead log while its session loads
(`Repository.make_room_for_answers`, in the writer thread), so that no answer's durable commit
grows the log file; the first answer waits for the load, not for a lock: it is committed in
the interface's thread even when making the room held the write lock for a while."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from inspector.store.repository import Repository
from inspector.store.wal_room import ROOM_PAGES
from inspector.tui.screens.runner import RunnerScreen

from .conftest import World, settle
from .test_runner import SIZE, current

pytestmark = pytest.mark.sqlite_only("SQLite's write-ahead log file")


def _frames(db: Path) -> int:
    wal = Path(f"{db}-wal")
    return (wal.stat().st_size - 32) // (4096 + 24) if wal.exists() else 0


async def test_the_log_has_room_before_the_first_answer_which_is_committed_here(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Repository.make_room_for_answers

    def slow_room(repo: Repository) -> bool:
        # making the room holds the write lock for a while (a slow disk)
        other = sqlite3.connect(world.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        time.sleep(0.3)
        other.execute("ROLLBACK")
        other.close()
        return real(repo)

    monkeypatch.setattr(Repository, "make_room_for_answers", slow_room)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(empty_session)
        for _ in range(500):  # the first key as soon as the session is shown
            screen = app.screen
            if isinstance(screen, RunnerScreen) and screen.model is not None:
                break
            await asyncio.sleep(0.005)
        runner = app.screen
        assert isinstance(runner, RunnerScreen) and runner.model is not None
        assert _frames(world.path) >= ROOM_PAGES
        await pilot.press("1")
        await settle(pilot)
        assert current(runner) == "c-02"
        assert runner.commits.made_here == 1  # the lock was free: committed here
        with sqlite3.connect(world.path) as other:
            rows = other.execute(
                "SELECT item_id, value FROM answer WHERE session_id = ?", (empty_session,)
            ).fetchall()
        other.close()
        assert rows == [("c-01", "compliant")]
