"""The collection screen lists what a collect left out (excel7, 3), as the CLI prints it,
in a scrollable area that fits 80x24: answers older than the stored ones (with `t` to take
them all the same, after a yes: each taken answer listed, the replaced one in the change
log). Real workbooks written by `selfcheck distribute`, filled in with openpyxl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.wrapping import Wrapped
from tests.excel.test_excel5 import _value
from tests.excel.test_excel7_take_older import _changes, _returns
from tests.excel.test_selfcheck_excel import db, dump
from tests.tui.conftest import settle
from tests.tui.test_trust4_collection import SIZE, _app, _open

__all__ = ["db"]


def _skipped(screen: CollectionScreen) -> str:
    """The text of the list (wrapped to the screen by `Wrapped`), newlines kept."""
    shown = screen.query_one("#collection-skipped", Static).content
    assert isinstance(shown, Wrapped)
    return shown.text.plain


async def _collect(pilot: Any, path: Path) -> None:
    await pilot.press("o")
    await settle(pilot)
    await pilot.press(*str(path))
    await pilot.press("enter")
    await settle(pilot)


async def test_older_answers_left_out_are_listed_and_taken_with_t(db: Path, tmp_path: Path) -> None:
    _, second, row = _returns(db, tmp_path)
    before = dump(db)
    app = _app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        assert not screen.check_action("take_older", ())  # nothing to take yet
        assert not screen.query_one("#collection-skipped", Static).display
        await _collect(pilot, second)
        skipped = _skipped(screen)
        assert "古い回答を 1 件取り込みませんでした" in skipped, skipped
        assert f"second.xlsx 回答!E{row}: 項目 d-01" in skipped
        assert "t を押してください" in skipped
        assert not screen.query_one("#collection-refused", Static).display  # no （なし）
        results = screen.query_one("#collection-results")
        assert results.region.bottom <= SIZE[1] - 2  # above the status line and the footer
        assert screen.check_action("take_older", ())
        assert dump(db) == before

        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing taken
        await settle(pilot)
        assert dump(db) == before
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CollectionScreen)
        skipped = _skipped(screen)
        assert "画面では t）により取り込みました" in skipped, skipped
        assert f"second.xlsx 回答!E{row}: 項目 d-01" in skipped
        assert not screen.check_action("take_older", ())  # nothing older left
    assert _value(db, "d-01") == "compliant"
    assert _changes(db, "d-01")[-1] == ("noncompliant", "compliant")
