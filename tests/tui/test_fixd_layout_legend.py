"""The layout editor at 80x24: the whole legend (every kind, 3:P and up) is on screen under
the rules without scrolling anything, in Japanese and English (fixd)."""

from __future__ import annotations

import pytest

from inspector.tui import layout_draw
from inspector.tui.screens.layout_editor import KINDS, NUMBER_KEYS

from .conftest import World
from .drawn import screen_lines
from .test_tui80_layout import SIZE, _open


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_the_whole_legend_is_on_screen(world: World, visit_session: int, lang: str) -> None:
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, visit_session)
        palette = layout_draw.palette_text(screen.t, KINDS, NUMBER_KEYS, screen.kind_index)
        entries = [entry for entry in palette.plain.split("  ") if entry]
        assert len(entries) == len(KINDS) > 2
        drawn = screen_lines(screen)  # as it opens, nothing scrolled
        for entry in entries:
            assert any(entry in line for line in drawn), (entry, "\n".join(drawn))
        rules = screen.query_one("#layout-rules-box")
        assert rules.region.height > 0  # the rules still shown above it


async def test_a_rules_reason_wraps_under_its_text(world: World, visit_session: int) -> None:
    app = world.app("ja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, visit_session)
        box = screen.query_one("#layout-rules-box")
        drawn = [line[box.region.x : box.region.right] for line in screen_lines(screen)]
        drawn = drawn[box.region.y : box.region.bottom]
        reason = [i for i, line in enumerate(drawn) if "未確認" in line]
        assert reason, "\n".join(drawn)
        for i in reason:  # the line after a wrapped reason starts under its text
            after = drawn[i + 1] if i + 1 < len(drawn) else ""
            if after.strip() and "??" not in after and "OK" not in after and "NG" not in after:
                lead = len(drawn[i]) - len(drawn[i].lstrip())
                assert len(after) - len(after.lstrip()) == lead, "\n".join(drawn)
