"""tui80: the layout editor at 80x24, in Japanese and English: the header is whole on screen
(on two lines, broken between its parts), and no entry of the legend (3:P プリンタ) is split
across lines. Read from what is drawn."""

from __future__ import annotations

import pytest

from inspector.tui import layout_draw
from inspector.tui.screens.layout_editor import KINDS, NUMBER_KEYS, LayoutEditorScreen

from .conftest import World, settle
from .drawn import region_lines, screen_lines

SIZE = (80, 24)


async def _open(pilot, session_id: int) -> LayoutEditorScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = LayoutEditorScreen(pilot.app.context, session_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_the_header_is_whole_at_80_columns(
    world: World, visit_session: int, lang: str
) -> None:
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, visit_session)
        await pilot.press("space")  # unsaved: the title's mark too
        await settle(pilot)
        t = screen.t
        title = layout_draw.title_text(
            t,
            screen.room,
            f"{screen.organization} {screen.session_date}",
            None,
            [t("site.layout.unsaved")],
        )
        header = screen.query_one("#layout-title")
        drawn = [line.strip() for line in region_lines(screen, header.region)]
        parts = [part.strip() for part in title.split("  ") if part.strip()]
        assert screen.organization and len(parts) >= 4, title
        for part in parts:  # each part whole on one line, none cut
            assert any(part in line for line in drawn), (part, drawn)
        assert "".join(drawn).replace(" ", "") == title.replace(" ", "")
        # the grid is still under it, its column letters first
        assert any("A B C D" in line for line in screen_lines(screen))


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_no_legend_entry_is_split(world: World, visit_session: int, lang: str) -> None:
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, visit_session)
        side = screen.query_one("#layout-side")
        side.scroll_end(animate=False)
        await settle(pilot)
        palette = layout_draw.palette_text(screen.t, KINDS, NUMBER_KEYS, screen.kind_index)
        entries = [entry for entry in palette.plain.split("  ") if entry]
        assert len(entries) == len(KINDS)
        drawn = region_lines(screen, side.region)
        for entry in entries:
            assert any(entry in line for line in drawn), (entry, drawn)
        if lang == "ja":
            assert any("3:P プリンタ" in line for line in drawn), drawn
