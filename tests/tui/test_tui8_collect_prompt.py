"""The collection's path prompt after a refusal (walk7b N3): a missing file closed the
prompt with a toast, and the long path typed was gone. The prompt now stays open with the
path as typed and says what is wrong; fixing the path collects."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Label

from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from inspector.services.selfcheck_excel import distribute
from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.prompt import PromptScreen
from tests.corpus.excel_forms import edit
from tests.tui.conftest import World, settle

SIZE = (80, 24)


async def test_a_missing_path_keeps_the_prompt_open_with_the_path(
    world: World, tmp_path: Path
) -> None:
    out = tmp_path / "forms"
    good, _other = distribute(world.context, world.checklist.id, ("110", "210"), out)
    edit(good, lambda wb: wb[SHEET_ANSWERS].__setitem__("E4", "遵守"))
    missing = tmp_path / "nai" / "回答.xlsx"
    empty = tmp_path / "empty"
    empty.mkdir()
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CollectionScreen)
        await pilot.press("o")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        await pilot.press(*str(missing), "enter")
        await settle(pilot)
        assert app.screen is prompt  # still open
        field = prompt.query_one("#prompt-input", Input)
        assert field.value == str(missing)
        error = str(prompt.query_one("#prompt-error", Label).render())
        assert error == f"ファイルまたはフォルダがありません: {missing}"
        region = prompt.query_one("#prompt-error", Label).region
        assert region.height >= 1 and region.bottom <= SIZE[1], region  # drawn, not cut off
        # a folder with no workbook: said too
        field.value = str(empty)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is prompt
        assert str(empty) in str(prompt.query_one("#prompt-error", Label).render())
        # the path corrected: collected
        field.value = str(good)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one(DataTable)
        states = [str(table.get_row_at(i)) for i in range(table.row_count)]
        assert any("回収済" in s for s in states), states
