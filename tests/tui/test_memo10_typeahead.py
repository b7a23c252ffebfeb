"""Keys typed right after Ctrl+S in the memo go to the runner, in order, and never into the
memo (hunt10 M1: `e T1 Ctrl+S 1` in a burst stored 「T11」 or dropped the `1`)."""

from __future__ import annotations

from inspector.tui.screens.note import NoteScreen

from .burst import burst
from .conftest import World, settle, wait_until
from .test_runner import SIZE, current, open_runner


def _state(world: World, session_id: int, item_id: str):  # type: ignore[no-untyped-def]
    answer = world.repo.answers(session_id).get(item_id)
    return None if answer is None else answer.state


async def test_keys_after_ctrl_s_answer_in_the_runner(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        burst(app, "e", "T1", "ctrl+s", "1")
        await wait_until(pilot, lambda: current(runner) == "c-02", "the 1 answered c-01")
        await settle(pilot)
        assert app.screen is runner
        state = _state(world, empty_session, "c-01")
        assert state is not None and (state.note, state.value) == ("T1", "compliant")


async def test_keys_after_ctrl_s_once_the_memo_is_open(world: World, empty_session: int) -> None:
    """The memo open and ready: the text, Ctrl+S, then `2` (an answer) and `e` (the next
    item's memo) in one burst, twice."""
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await pilot.press("e")
        await settle(pilot)
        burst(app, "T1", "ctrl+s", "2", "e")
        await wait_until(pilot, lambda: current(runner) == "c-02", "the 2 answered c-01")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen), "the next memo")
        await settle(pilot)
        burst(app, "T2", "ctrl+s", "2")
        await wait_until(pilot, lambda: current(runner) != "c-02", "the 2 answered c-02")
        await settle(pilot)
        assert app.screen is runner
        for item_id, note in (("c-01", "T1"), ("c-02", "T2")):
            state = _state(world, empty_session, item_id)
            assert state is not None and (state.note, state.value) == (note, "noncompliant")
