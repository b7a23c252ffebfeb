"""tui80: the command palette's search box (Ctrl+P) refuses a control or format character
pasted or typed into it, naming it, as every other field does: its value does not hold it
and nothing draws it; the palette still finds commands. At 80x24, in Japanese and English."""

from __future__ import annotations

from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from .conftest import World, settle
from .drawn import screen_lines

RLO = "\u202e"


async def test_the_palette_refuses_a_pasted_control_character(world: World) -> None:
    for lang in ("ja", "en"):
        app = world.app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            search = palette.query_one(Input)
            assert search.has_focus
            app.post_message(events.Paste(f"he{RLO}lp"))  # as the terminal's paste
            await settle(pilot)
            await pilot.press(*"he")
            await pilot.press(RLO)  # typed
            await settle(pilot)
            assert RLO not in search.value
            assert search.value == "he"  # the paste refused whole; the keys typed kept
            assert not any(RLO in line for line in screen_lines(app.screen))
            messages = [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]
            assert any("U+202E" in message for message in messages), messages
            # still the palette: it finds the help command
            await pilot.press("backspace", "backspace", *"help" if lang == "en" else "ヘルプ")
            await settle(pilot)
            await pilot.pause(0.3)  # the search runs in a worker
            assert app.screen is palette
            assert palette.query_one(OptionList).option_count > 0
