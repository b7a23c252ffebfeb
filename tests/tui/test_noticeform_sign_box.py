"""The follow-up report's 「署名する」 box at 80x24: unticked, drawn without its mark and
saying why on the box, when no key can sign the report (next to the hint that only an
unsigned draft can be made); ticked, its mark drawn, when one can; the mark follows the box
when it is changed (Textual drew the X either way, only its colour telling them apart)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox

from inspector.tui.screens.followup_report import FollowupScreen

from .conftest import World
from .drawn import region_lines
from .test_findings import SIZE, press
from .test_tui14_followup import _keys, _open


def _box(dialog: FollowupScreen) -> tuple[bool, str]:
    """The box's value, and the box as drawn."""
    box = dialog.query_one("#followup-signed", Checkbox)
    return box.value, "".join(region_lines(dialog, box.region)).rstrip()


async def test_no_key_that_can_sign_leaves_the_box_unticked_and_says_why(
    world: World, tmp_path: Path
) -> None:
    app = world.app(keys_dir=_keys(tmp_path, office=False))  # an inspector's key only
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open(pilot, app)
        value, drawn = _box(dialog)
        assert not value
        assert drawn.startswith("▐ ▌ 署名する") and "X" not in drawn, drawn
        assert "鍵がないため、外してあります" in drawn, drawn
        dialog.query_one("#followup-signed", Checkbox).focus()
        await press(pilot, "space")  # ticked by hand: its mark, and the usual words
        value, drawn = _box(dialog)
        assert value and drawn.startswith("▐X▌ 署名する（監報第N号"), drawn
        await press(pilot, "ctrl+s")  # refused: no key can sign it
        assert app.screen is dialog
        await press(pilot, "space")
        value, drawn = _box(dialog)
        assert not value and drawn.startswith("▐ ▌") and "外してあります" in drawn, drawn


async def test_an_office_key_leaves_the_box_ticked_its_mark_drawn(
    world: World, tmp_path: Path
) -> None:
    app = world.app("en", keys_dir=_keys(tmp_path, office=True))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open(pilot, app)
        value, drawn = _box(dialog)
        assert value and drawn.startswith("▐X▌ Sign it (numbered"), drawn
        dialog.query_one("#followup-signed", Checkbox).focus()
        await press(pilot, "space")  # a draft: no mark, the usual words
        value, drawn = _box(dialog)
        assert not value and drawn.startswith("▐ ▌ Sign it (numbered"), drawn
        assert "X" not in drawn[:3]
