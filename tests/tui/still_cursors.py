"""Snapshots that do not depend on when they are taken.

A focused Input or TextArea blinks its cursor on a 0.5 s wall-clock timer, so a snapshot
taken a little later on a loaded machine caught the cursor hidden (the `note`, `new_visit`
and `withdraw_prompt` snapshots flaked). Before a snapshot is taken, the harness sets the
public `cursor_blink = False` on every Input and TextArea of the screen stack: Textual then
pauses the blink timer and draws a focused field's cursor steadily (an unfocused field
shows none, as before). The app itself keeps its blinking cursor; only the tests stop it.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

RunBefore = Callable[[Pilot[Any]], Awaitable[None] | None]


def still_cursors(app: App[Any]) -> int:
    """Stop the cursor blink of every Input and TextArea on the screen stack, with the
    cursor drawn where the field has focus; returns how many fields were stopped."""
    stopped = 0
    for screen in app.screen_stack:
        for field in screen.query(Input).results():
            field.cursor_blink = False
            stopped += 1
        for area in screen.query(TextArea).results():
            area.cursor_blink = False
            # TextArea caches its drawn lines under a key that is the same for "blink off
            # phase" and "not blinking": a line cached while the cursor was hidden would be
            # shown again without it. Its public hook for "styles changed, drop cached
            # lines" empties that cache; the next frame draws the steady cursor.
            area.notify_style_update()
            area.refresh()
            stopped += 1
    return stopped


def then_still_cursors(run_before: RunBefore | None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """`run_before` for `snap_compare`: the test's own steps, then the cursors stopped."""

    async def run(pilot: Pilot[Any]) -> None:
        if run_before is not None:
            result = run_before(pilot)
            if inspect.isawaitable(result):
                await result
        still_cursors(pilot.app)
        await pilot.pause()

    return run
