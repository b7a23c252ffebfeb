"""The runner's saves through the store's fast path (`store/answer_writes.py`) and its
scheduling hint (`tui/sched_hint.py`): a commit the database really refuses keeps the
answer on screen, unsaved, with the error, and nothing of it is written; the hint never
raises."""

from __future__ import annotations

import sqlite3
import threading

import pytest

import inspector.tui.screens.runner as runner_module
from inspector.tui.sched_hint import request_short_slice

from .conftest import World, settle
from .test_runner import SIZE, current, open_runner, press


async def test_a_refused_commit_keeps_the_answer_on_screen_and_writes_nothing(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1")
        assert current(runner) == "c-02"
        # The database refuses the change log's row, after the answer's row was written in
        # the same transaction: the driver's own error, inside the fast path.
        with sqlite3.connect(world.path) as other:
            other.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON answer_change"
                " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
            )
        await press(pilot, "2")
        assert current(runner) == "c-02"  # the cursor did not move on
        assert runner.model is not None
        assert runner.model.state("c-02").value == "noncompliant"
        assert "c-02" in runner.model.unsaved and runner.model.errors["c-02"]
        assert "未保存 1" in str(runner.query_one("#runner-header").render())
        assert world.values(empty_session) == {"c-01": "compliant"}  # all or nothing
        assert len(world.repo.changes(empty_session)) == 1
        with sqlite3.connect(world.path) as other:
            other.execute("DROP TRIGGER refuse")
        await press(pilot, "ctrl+s")  # the retry saves what is on screen
        assert world.values(empty_session) == {"c-01": "compliant", "c-02": "noncompliant"}
        assert not runner.model.unsaved
        await press(pilot, "u")  # undo still works after fast saves
        await settle(pilot)
        assert world.values(empty_session) == {"c-01": "compliant"}
        assert [c.action for c in world.repo.changes(empty_session)] == [
            "answer",
            "retry",
            "undo",
        ]


async def test_the_runner_asks_for_the_hint_on_both_threads(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        runner_module, "request_short_slice", lambda: asked.append(threading.current_thread().name)
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "1")
    assert threading.main_thread().name in asked
    assert any(name.startswith("answer-writer") for name in asked)


def test_the_hint_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    result = request_short_slice()  # here: whatever this kernel says
    assert isinstance(result, bool)
    import inspector.tui.sched_hint as hint

    for machine, release in (("sparc", "6.18.0"), ("x86_64", "5.15.0"), ("x86_64", "weird")):
        monkeypatch.setattr(hint.platform, "machine", lambda m=machine: m)
        monkeypatch.setattr(hint.platform, "release", lambda r=release: r)
        assert request_short_slice() is False
    monkeypatch.setattr(hint.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(hint.platform, "release", lambda: "6.18.0")

    def refused(*_args: object) -> object:
        raise OSError("no libc")

    monkeypatch.setattr(hint.ctypes, "CDLL", refused)
    assert request_short_slice() is False
