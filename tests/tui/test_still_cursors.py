"""The snapshot harness stops the cursor blink (tests/tui/still_cursors.py): a screen with a
focused field looks the same whenever it is captured, with the cursor drawn. Each test
stops the cursor while it is in the hidden half of its blink, the case that flaked (and
that a TextArea's line cache got wrong). The app itself still blinks."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea

from .conftest import World, settle, wait_until
from .drawn import cursor_drawn
from .still_cursors import still_cursors

SIZE = (80, 24)
BLINK = 0.5  # Textual's blink period for Input and TextArea


async def _stopped_while_hidden(pilot: Any, kind: type) -> None:
    app = pilot.app
    field = app.focused
    assert isinstance(field, kind)
    assert field.cursor_blink  # what the user sees: a blinking cursor
    # the hidden half of the blink (it comes within a period; the bound only ends a hang)
    await wait_until(pilot, lambda: not cursor_drawn(field), "the cursor's hidden half")
    assert still_cursors(app) >= 1
    await pilot.pause()
    assert app.focused is field and not field.cursor_blink
    shots = []
    for _ in range(5):  # over more than two blink periods
        assert cursor_drawn(field)
        shots.append(app.export_screenshot())
        await pilot.pause(BLINK * 0.6)  # wall-clock time passing is the subject here
    assert all(shot == shots[0] for shot in shots)


async def test_an_input_is_captured_with_its_cursor_at_any_moment(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # the new visit form: its first field has the focus
        await settle(pilot)
        await _stopped_while_hidden(pilot, Input)


async def test_a_text_area_is_captured_with_its_cursor_at_any_moment(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(world.session_ids["open"])
        await settle(pilot)
        await pilot.press("e")  # the note of the item: a TextArea with the focus
        await settle(pilot)
        await _stopped_while_hidden(pilot, TextArea)


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
