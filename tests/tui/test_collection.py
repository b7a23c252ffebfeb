"""The 回収状況 screen: distributed forms, returned or not, and what the last collect
started from the screen refused (issue 15)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from inspector.services.selfcheck_excel import distribute
from inspector.tui.screens.collection import CollectionScreen
from tests.corpus.excel_forms import edit
from tests.tui.conftest import World, settle

SIZE = (100, 30)


async def test_collect_from_the_screen_shows_returned_forms_and_refusals(
    world: World, tmp_path: Path
) -> None:
    out = tmp_path / "forms"
    good, other = distribute(world.context, world.checklist.id, ("110", "210"), out)
    edit(good, lambda wb: wb[SHEET_ANSWERS].__setitem__("E4", "遵守"))
    edit(other, lambda wb: wb[SHEET_ANSWERS].__setitem__("E4", "たぶん"))
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CollectionScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        assert "未回収" in str(table.get_row_at(0))
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*str(out))
        await pilot.press("enter")
        await settle(pilot)
        refused = str(screen.query_one("#collection-refused", Static).render())
        assert f"{other.name} 回答!E4:" in refused and "たぶん" in refused
        states = [str(table.get_row_at(i)) for i in range(table.row_count)]
        assert any("回収済" in s for s in states) and any("未回収" in s for s in states)
