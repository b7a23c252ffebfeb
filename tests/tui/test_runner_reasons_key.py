"""`r` right after answering an item 「不遵守」 writes that item's reasons (walk7 H4): `2`
moves on at once, and `2 r 1` used to warn on the next item and answer it 「遵守」."""

from __future__ import annotations

import pytest

from inspector.tui.screens.help import HelpScreen
from inspector.tui.screens.reasons import ReasonsScreen

from .burst import burst
from .conftest import World, settle, wait_until
from .test_runner import SIZE, current, open_runner, press


def _reasons(world: World, session_id: int) -> dict[str, tuple[str, ...]]:
    return {k: a.state.reasons for k, a in world.repo.answers(session_id).items()}


@pytest.mark.parametrize("fast", [False, True], ids=["slow", "burst"])
async def test_2_r_1_is_noncompliant_with_reason_1(
    world: World, empty_session: int, fast: bool
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        assert current(runner) == "c-01"
        if fast:
            burst(app, "2", "r", "1", "ctrl+s")
        else:
            await press(pilot, "2")
            assert current(runner) == "c-02"  # moved on at once
            await press(pilot, "r")
            assert isinstance(app.screen, ReasonsScreen) and app.screen.item.id == "c-01"
            await press(pilot, "1", "ctrl+s")
        await wait_until(pilot, lambda: "c-01" in _reasons(world, empty_session), "reasons")
        await settle(pilot)
        assert app.screen is runner
        assert world.values(empty_session) == {"c-01": "noncompliant"}  # c-02 unanswered
        assert _reasons(world, empty_session)["c-01"] == ("unaware",)
        assert current(runner) == "c-02"


async def test_r_on_the_next_item_of_a_yes_no_answer(world: World, empty_session: int) -> None:
    """After c-02 (不遵守) the cursor is on h-01, a yes/no item (c-03 does not apply):
    `r` there is the reasons of c-02, and the footer offers it."""
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1", "2")
        assert current(runner) == "h-01"
        assert runner.check_action("reasons", ())
        await press(pilot, "r")
        assert isinstance(app.screen, ReasonsScreen) and app.screen.item.id == "c-02"
        await press(pilot, "2", "ctrl+s")
        assert _reasons(world, empty_session)["c-02"] == ("shared",)
        assert world.values(empty_session) == {"c-01": "compliant", "c-02": "noncompliant"}


async def test_r_after_a_compliant_answer_still_refuses(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1", "r")
        assert app.screen is runner and current(runner) == "c-02"
        # an item answered 不遵守, then moved away from and past: `r` is the focused item's
        await press(pilot, "k", "2", "j")
        assert current(runner) == "h-01"
        await press(pilot, "r")
        assert app.screen is runner


async def test_help_says_what_r_does(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "?")
        assert isinstance(app.screen, HelpScreen)
        rows = {keys: text for keys, text, _applies in app.screen._rows()}
        assert rows["r"] == "要因（直前の不遵守も）"
        assert runner is not app.screen
