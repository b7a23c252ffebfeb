"""The snapshot harness stops the cursor blink (tests/tui/still_cursors.py): a screen with a
focused field looks the same whenever it is captured. The app itself still blinks."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from .conftest import World, settle
from .still_cursors import still_cursors

SIZE = (80, 24)
BLINK = 0.5  # Textual's blink period for Input and TextArea


async def _captures(pilot, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """`count` screenshots spread over more than two blink periods."""
    shots = []
    for _ in range(count):
        shots.append(pilot.app.export_screenshot())
        await pilot.pause(BLINK * 0.6)  # wall-clock time passing is the subject here
    return shots


async def test_a_focused_field_looks_the_same_at_any_moment_once_stopped(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # the new visit form: its first field has the focus
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, Input)
        assert focused.cursor_blink  # what the user sees: a blinking cursor
        assert still_cursors(app) >= 1
        await pilot.pause()
        assert not focused.cursor_blink and app.focused is focused
        shots = await _captures(pilot, 5)
        assert all(shot == shots[0] for shot in shots)


async def test_every_field_on_the_stack_is_stopped(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        fields = [w for s in app.screen_stack for w in s.query("Input, TextArea").results()]
        assert fields and all(isinstance(f, Input | TextArea) for f in fields)
        assert still_cursors(app) == len(fields)
        assert not any(f.cursor_blink for f in fields)  # type: ignore[union-attr]
