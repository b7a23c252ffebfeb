"""The command palette says that nothing matches in the interface language (walk8 M7):
Textual's own line, "No matches found", is English only."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList

from .conftest import World, settle, wait_until

WORDS = {"ja": "一致するコマンドはありません", "en": "No matching command"}


def _shown(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one(OptionList)
    return [
        str(
            getattr(
                options.get_option_at_index(i).prompt,
                "plain",
                options.get_option_at_index(i).prompt,
            )
        )
        for i in range(options.option_count)
    ]


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_nothing_found_is_said_in_the_interface_language(world: World, lang: str) -> None:
    app = world.app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"天気予報")  # no command of home has it (「報告」 finds the follow-up)
        # a line is shown either way: ours at once, Textual's own after 0.5 s
        await wait_until(pilot, lambda: bool(_shown(app)), "a line in the list")
        await pilot.pause(0.8)  # past Textual's 0.5 s before its own "No matches found"
        await settle(pilot)
        shown = _shown(app)
        assert not any("No matches found" in line for line in shown), shown
        assert len(shown) == 1 and WORDS[lang] in shown[0]
        await pilot.press("enter")  # chosen: the palette closes, nothing else happens
        await settle(pilot)
        assert not isinstance(app.screen, CommandPalette)


async def test_a_match_shows_no_such_line(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"新規")
        await wait_until(pilot, lambda: bool(_shown(app)), "the matches")
        await pilot.pause(0.8)
        shown = _shown(app)
        assert shown and not any(WORDS["ja"] in line for line in shown), shown
