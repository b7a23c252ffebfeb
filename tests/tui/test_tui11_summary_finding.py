"""tui11 2: the summary of a self-check offers no `f` (no finding is made from a self-check,
walk9 M6): not in its footer, its palette or as a key that works in help; an inspection's
summary still offers it, and `f` there opens the finding of the item picked."""

from __future__ import annotations

from inspector.tui.screens.help import HelpScreen
from inspector.tui.screens.summary import SummaryScreen

from .conftest import World, settle
from .drawn import screen_lines

SIZE = (80, 24)


async def _summary(pilot, session_id: int) -> SummaryScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.open_summary(session_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    assert screen.bundle is not None
    return screen


def _finding_rows(pilot, screen):  # type: ignore[no-untyped-def]
    """The help's rows of the finding key: (keys, 指摘, whether it works now)."""
    help_screen = HelpScreen(pilot.app.context, screen)
    return [row for row in help_screen._rows() if row[1] == "指摘"]


async def test_a_self_check_summary_offers_no_finding_key(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        summary = await _summary(pilot, world.session_ids["open"])  # a self-check, c-02 不遵守
        footer = screen_lines(summary)[-1]
        assert "指摘" not in footer and "完了" in footer, footer
        assert "finding" not in {b.binding.action for b in summary.active_bindings.values()}
        names = [command.name for command in summary.palette_commands()]
        assert "summary: finding" not in names and "summary: complete" in names, names
        assert all(not applies for _keys, _what, applies in _finding_rows(pilot, summary))
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is summary


async def test_an_inspection_summary_still_offers_the_finding_key(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        summary = await _summary(pilot, world.session_ids["completed"])  # an inspection
        footer = screen_lines(summary)[-1]
        assert "f 指摘" in footer, footer
        names = [command.name for command in summary.palette_commands()]
        assert "summary: finding" in names, names
        assert [applies for _keys, _what, applies in _finding_rows(pilot, summary)] == [True]
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is not summary  # the finding of the item picked


async def test_the_runner_palette_lists_the_finding_of_an_inspection_only(
    world: World, empty_visit: int
) -> None:
    from inspector.tui.screens.runner import RunnerScreen

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        listed = {}
        for name, session_id in (("self-check", world.session_ids["open"]), ("visit", empty_visit)):
            await settle(pilot)
            app.open_runner(session_id)
            await settle(pilot)
            assert isinstance(app.screen, RunnerScreen)
            listed[name] = "runner: finding" in [c.name for c in app.screen.palette_commands()]
            app.pop_screen()
        assert listed == {"self-check": False, "visit": True}
