"""The follow-up report dialog at 80x24 with its scroll bar: no line of its messages starts
with 。、）」 (the project's message rule), the box label whole at 80x24, and with no key and the box ticked by hand the no-key paragraph shown once (fixd)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input

from .conftest import World, settle
from .drawn import screen_lines
from .test_findings import SIZE, press
from .test_tui14_followup import _keys, _open

NEVER_FIRST = "。、）」』"


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_no_key_box_ticked_by_hand_wraps_by_the_rule_and_says_it_once(
    world: World, tmp_path: Path, lang: str
) -> None:
    app = world.app(lang, keys_dir=_keys(tmp_path, office=False))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open(pilot, app)
        dialog.query_one("#followup-date", Input).value = "2020-01-06"  # long past: warned
        dialog.query_one("#followup-signed").focus()
        await press(pilot, "space", "ctrl+s")
        scroll = dialog.query_one("#followup-dialog", VerticalScroll)
        lines = []
        for y in range(0, scroll.max_scroll_y + 1, 4):
            scroll.scroll_to(y=y, animate=False)
            await settle(pilot)
            lines += screen_lines(dialog)
        assert app.screen is dialog
        print("\n".join(lines))
        inner = [line.strip(" ▊▎│┃▐▌▁▔") for line in lines]
        starts = [line for line in inner if line and line[0] in NEVER_FIRST]
        assert not starts, "\n".join(lines)
        paragraph = "鍵フォルダにありません" if lang == "ja" else "No office key in the keys"
        shown = [
            w for w in dialog.query("Label")
            if w.display and paragraph in str(w.content).replace("\n", "")
        ]  # fmt: skip
        assert len(shown) == 1, [str(w.render()) for w in shown]
        ticked = "監報第N号" if lang == "ja" else "Sign"
        box = str(dialog.query_one("#followup-signed").label)
        assert ticked in box
        drawn = "".join(line.strip() for line in lines)
        assert box.replace(" ", "") in drawn.replace(" ", ""), box  # its closing bracket too


@pytest.mark.parametrize("size", [(80, 20), (76, 20)])
async def test_with_the_scroll_bar_no_line_starts_with_a_closing_mark(
    world: World, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = world.app(keys_dir=_keys(tmp_path, office=False))
    async with app.run_test(size=size) as pilot:
        dialog = await _open(pilot, app)
        dialog.query_one("#followup-date", Input).value = "2020-01-06"  # long past: warned
        dialog.query_one("#followup-signed").focus()
        await press(pilot, "space", "ctrl+s")  # ticked by hand: its longest label
        scroll = dialog.query_one("#followup-dialog", VerticalScroll)
        assert scroll.max_scroll_y > 0  # the scroll bar shown
        lines = []
        for y in range(0, scroll.max_scroll_y + 1, 4):
            scroll.scroll_to(y=y, animate=False)
            await settle(pilot)
            lines += screen_lines(dialog)
        inner = [line.strip(" ▊▎│┃▐▌▁▔█▀▄") for line in lines]
        starts = [line for line in inner if line and line[0] in NEVER_FIRST]
        assert not starts, "\n".join(lines)
