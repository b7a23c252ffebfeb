"""The rest of the control-character rules of the TUI's fields: the filter box ignores a
pasted zero-width space (it only filters); a memo refused for an escape takes keys again
(it had stopped taking them at the save) and saves once corrected; the collection's manager
name refuses a braille blank as it refused an escape (services, shared with the CLI)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, TextArea

from inspector.services.errors import Refused
from inspector.services.selfcheck_excel import manager_name
from inspector.tui.screens.new_session import NewSessionScreen
from inspector.tui.screens.note import NoteScreen
from inspector.tui.widgets.filter_list import FilterList

from .conftest import World, settle
from .test_runner import SIZE, open_runner, press


async def test_the_filter_box_ignores_a_zero_width_space(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        screen = app.screen
        assert isinstance(screen, NewSessionScreen)
        picker = screen.query_one(FilterList)
        picker.query_one(Input).value = "情\u200b報"
        await settle(pilot)
        options = picker.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("情報政策課" in text for text in shown), shown


async def test_a_refused_memo_takes_keys_again_and_saves_once_corrected(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "e")
        note = app.screen
        assert isinstance(note, NoteScreen)
        area = note.query_one("#note-text", TextArea)
        area.text = "施錠\x1b"
        area.move_cursor(area.document.end)
        await press(pilot, "ctrl+s")
        assert app.screen is note
        await press(pilot, "backspace", "x")  # typed into the memo, not to the runner
        assert area.text == "施錠x"
        await press(pilot, "ctrl+s")
        assert app.screen is runner
    assert world.repo.answers(empty_session)["c-01"].state.note == "施錠x"


def test_the_manager_name_refuses_a_braille_blank(world: World) -> None:
    with pytest.raises(Refused) as refused:
        manager_name(world.context, "監査\u2800太郎", "聴取した管理者")
    assert "聴取した管理者" in str(refused.value)
