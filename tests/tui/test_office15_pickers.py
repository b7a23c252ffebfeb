"""office15 (5), through Textual's Pilot at 80x24: Up and Down move the highlight of the
organization and checklist pickers from their filter input (the FilterList says up/down
move), and Enter picks the entry moved to."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from inspector.tui.screens.checklist_picker import ChecklistPicker
from inspector.tui.screens.organization_picker import OrganizationPicker
from inspector.tui.widgets.filter_list import Entry, FilterList

from .conftest import settle
from .test_consolidation import Data, data, open_screen, press

__all__ = ["data"]


async def _moves(pilot, picker) -> None:  # type: ignore[no-untyped-def]
    options = picker.query_one(FilterList).query_one(OptionList)
    assert picker.focused is picker.query_one(FilterList).query_one(Input)
    assert options.option_count >= 2
    start = options.highlighted or 0
    if start + 1 >= options.option_count:
        await press(pilot, "up")
        start -= 1
        assert options.highlighted == start
    await press(pilot, "down")
    assert options.highlighted == start + 1
    await press(pilot, "up")
    assert options.highlighted == start
    assert picker.focused is picker.query_one(FilterList).query_one(Input)


async def test_up_and_down_move_in_the_consolidation_pickers(data: Data) -> None:
    app = data.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot)
        await press(pilot, "o")
        picker = app.screen
        assert isinstance(picker, OrganizationPicker)
        await settle(pilot)
        await _moves(pilot, picker)
        await press(pilot, "down", "down")
        options = picker.query_one(FilterList).query_one(OptionList)
        assert options.highlighted == 2
        wanted = options.get_option_at_index(options.highlighted or 0).id
        await press(pilot, "enter")
        assert app.screen is screen
        assert wanted is not None and wanted != "*"
        assert screen.organization == picker.organizations[wanted]

        await press(pilot, "c")
        picker = app.screen
        assert isinstance(picker, ChecklistPicker)
        await settle(pilot)
        listed = picker.query_one(FilterList)
        listed.set_entries([*listed.entries, Entry("x1", "x1"), Entry("x2", "x2")])
        await settle(pilot)
        await _moves(pilot, picker)
