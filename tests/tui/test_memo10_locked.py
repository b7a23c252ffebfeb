"""A memo saved while an answer shows 「保存中…」 behind another program's lock is kept when
that write fails (hunt10 H4): it joins the unsaved change, is shown as 未保存, and is written
with the next save. The lock is real: another SQLite connection holds `BEGIN EXCLUSIVE` on
the file, and the runner's busy timeout is short. The commit is let go (an event, never a
timed wait) only once the memo has been saved, so that it meets the lock and fails as it
did after 30 s in the hunt."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

import pytest
from textual.widgets import TextArea

import inspector.store.database as database
from inspector.tui.screens.note import NoteScreen
from inspector.tui.widgets.item_detail import ItemDetail

from .conftest import HANG, World, commits_in_the_writer, settle, wait_until
from .test_runner import SIZE, current, open_runner, press


def _state(world: World, session_id: int, item_id: str):  # type: ignore[no-untyped-def]
    answer = world.repo.answers(session_id).get(item_id)
    return None if answer is None else answer.state


def _gate(monkeypatch: pytest.MonkeyPatch, repo: object) -> threading.Event:
    """Every commit goes to the writer and waits there for the returned event, then meets
    the database as it is (locked or not)."""
    real_save: Callable[..., object] = repo.save_answer  # type: ignore[attr-defined]
    go = threading.Event()

    def gated(*args: object, **kwargs: object) -> object:
        go.wait(HANG)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(repo, "save_answer", gated)
    commits_in_the_writer(monkeypatch, repo)
    return go


async def test_a_memo_saved_while_saving_behind_a_lock_is_kept_and_written(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        go = _gate(monkeypatch, app.context.repo)
        other = sqlite3.connect(world.path, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            await pilot.press("1")  # 遵守: 保存中…, held
            assert runner.is_saving and current(runner) == "c-01"
            await pilot.press("e")
            await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen), "the memo")
            await settle_dialog(pilot)
            await pilot.press(*"MEMO2", "ctrl+s")
            await wait_until(pilot, lambda: app.screen is runner, "back on the runner")
            go.set()  # the answer meets the lock and fails
            await settle(pilot)
        finally:
            other.execute("ROLLBACK")
            other.close()
            go.set()
        assert runner.model is not None
        assert current(runner) == "c-01"
        kept = runner.model.unsaved["c-01"]
        assert (kept.value, kept.note) == ("compliant", "MEMO2")
        detail = "\n".join(runner.query_one(ItemDetail).lines)
        assert "未保存" in detail and "MEMO2" in detail, detail
        assert _state(world, empty_session, "c-01") is None  # nothing written meanwhile

        await press(pilot, "e")  # the memo shown is the one typed
        assert app.screen.query_one("#note-text", TextArea).text == "MEMO2"
        await press(pilot, "escape")
        assert app.screen is runner
        await press(pilot, "1")  # the next save, the lock gone: answer and memo written
        state = _state(world, empty_session, "c-01")
        assert state is not None and (state.value, state.note) == ("compliant", "MEMO2")
        assert not runner.model.unsaved


async def settle_dialog(pilot) -> None:  # type: ignore[no-untyped-def]
    """Pauses without `settle`, which waits for the held commit."""
    for _ in range(5):
        await pilot.pause()
