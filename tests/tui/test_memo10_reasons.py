"""Text typed right after Tab in the reasons dialog reaches its field, in a fast burst too
(hunt10 M2: after `r Tab Q1`, the focus went back to the list and the text was lost; with
`r 2 Tab X`, reason 2 was ticked and X never reached the field)."""

from __future__ import annotations

from inspector.tui.screens.reasons import ReasonsScreen

from .burst import burst
from .conftest import World, settle, wait_until
from .test_runner import SIZE, current, open_runner, press


def _state(world: World, session_id: int, item_id: str):  # type: ignore[no-untyped-def]
    answer = world.repo.answers(session_id).get(item_id)
    return None if answer is None else answer.state


async def _reasons(pilot, *parts: str) -> ReasonsScreen:  # type: ignore[no-untyped-def]
    burst(pilot.app, *parts)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReasonsScreen), "the reasons")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReasonsScreen)
    return screen


async def test_text_after_tab_in_a_burst_reaches_the_field(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "2")  # c-01 不遵守, on to c-02: `r` is for c-01
        assert current(runner) == "c-02"
        for round_ in range(3):
            await _reasons(pilot, "r", "tab", f"Q{round_}")
            burst(app, f"S{round_}")  # a moment later
            await settle(pilot)
            burst(app, "ctrl+s")
            await wait_until(pilot, lambda: app.screen is runner, "back on the runner")
            await settle(pilot)
            state = _state(world, empty_session, "c-01")
            assert state is not None
            assert state.reason_text == "".join(f"Q{n}S{n}" for n in range(round_ + 1))


async def test_a_digit_tab_and_text_in_a_burst(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "2")
        await _reasons(pilot, "r", "2", "tab", "X")
        burst(app, "Y")
        await settle(pilot)
        burst(app, "ctrl+s")
        await wait_until(pilot, lambda: app.screen is runner, "back on the runner")
        await settle(pilot)
        state = _state(world, empty_session, "c-01")
        assert state is not None and (state.reasons, state.reason_text) == (("busy",), "XY")
