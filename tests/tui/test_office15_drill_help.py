"""office15 (7), through Textual's Pilot at 80x24: `?` opens the help in the consolidation's
drill-down (Enter on an item), as its footer says; F1 did, `?` did nothing."""

from __future__ import annotations

from inspector.tui.screens.consolidation_drill import BreakersScreen
from inspector.tui.screens.help import HelpScreen
from tests.tui.drawn import screen_lines

from .test_consolidation import Data, data, open_screen, press

__all__ = ["data"]


async def test_question_mark_opens_the_help_in_the_drill_down(data: Data) -> None:
    app = data.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot)
        await press(pilot, "enter")
        drill = app.screen
        assert isinstance(drill, BreakersScreen)
        assert any("? ヘルプ" in line for line in screen_lines(drill))
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        assert app.screen is drill
