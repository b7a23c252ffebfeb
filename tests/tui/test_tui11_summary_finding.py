"""tui11 2: the summary of a self-check offers no `f` (no finding is made from a self-check,
walk9 M6): not in its footer, its palette or as a key that works in help; an inspection's
summary still offers it, and `f` there opens the finding of the item picked."""

from __future__ import annotations

from inspector.tui.screens.help import HelpScreen

from .conftest import World
from .drawn import screen_lines
from .runner_setup import SIZE, open_runner, open_summary, press


def _finding_rows(pilot, screen):  # type: ignore[no-untyped-def]
    """The help's rows of the finding key: (keys, 指摘, whether it works now)."""
    help_screen = HelpScreen(pilot.app.context, screen)
    return [row for row in help_screen._rows() if row[1] == "指摘"]


async def test_a_self_check_summary_offers_no_finding_key(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        summary = await open_summary(pilot, world.session_ids["open"])  # a self-check, c-02 不遵守
        footer = screen_lines(summary)[-1]
        assert "指摘" not in footer and "完了" in footer, footer
        assert "finding" not in {b.binding.action for b in summary.active_bindings.values()}
        names = [command.name for command in summary.palette_commands()]
        assert "summary: finding" not in names and "summary: complete" in names, names
        assert all(not applies for _keys, _what, applies in _finding_rows(pilot, summary))
        await press(pilot, "f")
        assert app.screen is summary


async def test_an_inspection_summary_still_offers_the_finding_key(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        summary = await open_summary(pilot, world.session_ids["completed"])  # an inspection
        footer = screen_lines(summary)[-1]
        assert "f 指摘" in footer, footer
        names = [command.name for command in summary.palette_commands()]
        assert "summary: finding" in names, names
        assert [applies for _keys, _what, applies in _finding_rows(pilot, summary)] == [True]
        await press(pilot, "f")
        assert app.screen is not summary  # the finding of the item picked


async def test_the_runner_palette_lists_the_finding_of_an_inspection_only(
    world: World, empty_visit: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        listed = {}
        for name, session_id in (("self-check", world.session_ids["open"]), ("visit", empty_visit)):
            runner = await open_runner(pilot, session_id)
            listed[name] = "runner: finding" in [c.name for c in runner.palette_commands()]
            app.pop_screen()
        assert listed == {"self-check": False, "visit": True}
