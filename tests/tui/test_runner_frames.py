"""An answer is drawn in one frame: header, list rows and detail together.

Each widget asks the screen for its repaint from its own message pump; the screen draws
what has arrived when it goes idle. The header used to be updated last, after the list and
the detail: its request arrived after the screen had drawn them, and a second frame
redrew the screen for its two lines (each frame renders every widget under the dirty
lines: the body, both scrollbars, the footer), the largest avoidable cost of an answer
(issue 17). Frames are counted with `App.post_display_hook`, called after each one.
"""

from __future__ import annotations

import pytest

import inspector.tui.screens.runner as runner_module
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
