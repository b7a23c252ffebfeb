"""The runner's saves through the store's fast path (`store/answer_writes.py`) and its
scheduling hint (`tui/sched_hint.py`): a commit the database really refuses keeps the
answer on screen, unsaved, with the error, and nothing of it is written; the hint never
raises."""

from __future__ import annotations

import sqlite3
import threading

import pytest

import inspector.tui.sched_hint as hint_module
from inspector.tui.sched_hint import request_short_slice

from .conftest import World, commits_in_the_writer, settle
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
    # the runner asks through `latency_hint` (moved to sched_hint.py with memo10)
    monkeypatch.setattr(
        hint_module, "request_short_slice", lambda: asked.append(threading.current_thread().name)
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        commits_in_the_writer(monkeypatch, app.context.repo)  # the writer starts when used
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


async def test_the_next_item_is_shown_from_lines_prepared_before_the_key(
    world: World, empty_session: int
) -> None:
    """While c-02 is read, the item an answer moves to (h-01) is rendered; the answer then
    shows it without rendering, the same lines as a fresh render. A guess that the answer
    makes wrong (another state shown) is rendered when shown."""
    from inspector.tui.widgets.item_detail import ItemDetail

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1")
        assert current(runner) == "c-02"
        detail = runner.query_one(ItemDetail)
        rendered: list[int] = []
        real = detail._lines_of

        def counted(body, width):  # type: ignore[no-untyped-def]
            rendered.append(width)
            return real(body, width)

        detail._lines_of = counted  # type: ignore[method-assign]
        await press(pilot, "2")
        assert current(runner) == "h-01"
        shown = list(detail.lines)
        assert runner.model is not None
        item = runner.model.item("h-01")
        fresh = real(detail._body_of(item, **runner._shown(runner.model, item)), detail._width)
        assert shown == [strip.text for strip in fresh]
        assert shown[0].startswith("No.4") and "未回答" in shown[2]
        # h-01 came from the prepared lines; after it was shown, h-02 was prepared
        assert len(rendered) == 1
        await press(pilot, "k")  # back to c-02, answered now: rendered with its answer
        assert current(runner) == "c-02"
        assert "不遵守" in detail.lines[2]  # its answer, not the state it was prepared with
