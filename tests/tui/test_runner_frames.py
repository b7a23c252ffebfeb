"""An answer is drawn in one frame: header, list rows and detail together.

Each widget asks the screen for its repaint from its own message pump; the screen draws
what has arrived when it goes idle. The header used to be updated last, after the list and
the detail: its request arrived after the screen had drawn them, and a second frame
redrew the screen for its two lines (each frame renders every widget under the dirty
lines: the body, both scrollbars, the footer), the largest avoidable cost of an answer
(issue 17). Frames are counted with `App.post_display_hook`, called after each one.
"""

from __future__ import annotations

import threading

import pytest

import inspector.tui.screens.runner as runner_module
from inspector.tui.sched_hint import SLICE_NS, current_slice, request_short_slice
from inspector.tui.widgets.item_detail import ItemDetail
from inspector.tui.widgets.runner_header import RunnerHeader

from .conftest import World, settle
from .test_runner import SIZE, current, open_runner


async def test_an_answer_is_drawn_in_one_frame(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every outcome shown at once, never as "saving" (a slow commit on a loaded machine
    # would add the frames of that state, which is not what is counted here).
    monkeypatch.setattr(runner_module, "WAIT_FOR_COMMIT", 60.0)
    monkeypatch.setattr(runner_module, "SHOW_SAVING_AFTER", 120.0)
    app = world.app()
    frames: list[str | None] = []
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        detail = runner.query_one(ItemDetail)
        header = runner.query_one(RunnerHeader)
        monkeypatch.setattr(app, "post_display_hook", lambda: frames.append(current(runner)))
        per_answer = []
        for key in ("1", "2", "y"):
            before = len(frames)
            await pilot.press(key)
            await settle(pilot)
            per_answer.append(len(frames) - before)
        assert current(runner) == "h-02"
        # The answer is shown (the test of the probe, not of its timing): the progress in
        # the header, the next item in the detail.
        assert "3/" in str(header.render()) and detail.lines[0].startswith("No.")
        assert per_answer == [1, 1, 1]
    assert world.values(empty_session) == {
        "c-01": "compliant",
        "c-02": "noncompliant",
        "h-01": "yes",
    }


async def test_the_terminal_threads_get_the_hint_too(world: World, empty_session: int) -> None:
    """A key reaches the interface through Textual's input thread and a frame reaches the
    terminal through its output thread: both get the short slice the runner's own threads
    ask for (read back from the kernel). The test driver starts neither, so two threads
    stand in for them, under their names."""
    if not _kernel_takes_hints():
        pytest.skip("this kernel takes no slice hint")
    release = threading.Event()
    stand_ins = [
        threading.Thread(target=release.wait, name=name, daemon=True)
        for name in runner_module.TERMINAL_THREADS
    ]
    for thread in stand_ins:
        thread.start()
    try:
        tids = [thread.native_id for thread in stand_ins]
        # A thread starts with its creator's slice (here maybe already short, from an
        # earlier runner in this process): give them a long one, as Textual's have.
        for tid in tids:
            assert tid is not None and request_short_slice(_LONG, tid=tid)
            assert current_slice(tid) == _LONG
        app = world.app()
        async with app.run_test(size=SIZE) as pilot:
            await open_runner(pilot, empty_session)
            assert [current_slice(tid) for tid in tids if tid is not None] == [SLICE_NS] * 2
    finally:
        release.set()


_LONG = 3_000_000
"""A slice of 3 ms, about the kernel's default on this machine."""


def _kernel_takes_hints() -> bool:
    taken: list[bool] = []
    probe = threading.Thread(target=lambda: taken.append(request_short_slice()))
    probe.start()
    probe.join()
    return taken == [True]
