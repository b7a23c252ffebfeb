"""office15 (10), through Textual's Pilot at 80x24: the consolidation's footer shows `? help`
whole in Japanese and English, before and after the pickers, the table focused."""

from __future__ import annotations

import pytest

from tests.tui.drawn import screen_lines

from .test_consolidation import Data, data, open_screen, press

__all__ = ["data"]


@pytest.mark.parametrize(("lang", "help_label"), [("ja", "? ヘルプ"), ("en", "? help")])
async def test_the_footer_keeps_help_visible(data: Data, lang: str, help_label: str) -> None:
    app = data.app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot)
        footers = [screen_lines(screen)[-1]]
        await press(pilot, "c", "enter")
        await press(pilot, "o", "down", "enter")
        screen.query_one("#cons-items").focus()
        await press(pilot, "1")
        footers.append(screen_lines(app.screen)[-1])
        for footer in footers:
            assert help_label in footer, footer
