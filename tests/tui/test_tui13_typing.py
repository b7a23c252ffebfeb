"""Review13: what a one-line field does with a paste of several lines (Textual kept the
first line and dropped the rest without a word), and the ideographic space typed from a
Japanese input method (Textual does not count it as printable and dropped it)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from inspector.domain.hearing import load_hearing_cases
from inspector.tui.screens.hearing_case import HearingCaseScreen
from inspector.tui.screens.note import NoteScreen
from inspector.tui.widgets.safe_input import SafeTextArea

from .conftest import World, settle
from .runner_setup import SIZE, notes, shown
from .test_tui13_paste import _paste


async def _hearing_note(app, pilot) -> Input:  # type: ignore[no-untyped-def]
    dialog = await shown(pilot, HearingCaseScreen(app.context, load_hearing_cases(), "加藤 彩"))
    return dialog.query_one("#case-note", Input)


async def test_a_paste_of_several_lines_is_refused_whole(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        note = await _hearing_note(app, pilot)
        note.value = "根拠"
        await _paste(pilot, note, "一行目\n二行目")
        assert note.value == "根拠"
        assert any("複数行" in n for n in notes(app))
        await _paste(pilot, note, "x\u2028後ろ")  # a line separator: named, not cut
        assert note.value == "根拠"
        assert any("U+2028" in n for n in notes(app))


async def test_a_cell_copied_with_its_line_break_is_pasted(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        note = await _hearing_note(app, pilot)
        note.value = ""
        await _paste(pilot, note, "総務課\r\n")
        assert note.value == "総務課"


async def test_the_ideographic_space_typed_is_kept(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        note = await _hearing_note(app, pilot)
        note.value = ""
        note.focus()
        await settle(pilot)
        for key, character in (
            ("k", "加"),
            ("k", "藤"),
            ("ideographic_space", "\u3000"),
            ("a", "彩"),
        ):
            app.post_message(events.Key(key, character))
            await settle(pilot)
        assert note.value == "加藤\u3000彩"
        app.pop_screen()
        memo = await shown(pilot, NoteScreen(app.context, ""))
        area = memo.query_one(SafeTextArea)
        area.focus()
        await settle(pilot)
        for key, character in (("k", "山"), ("ideographic_space", "\u3000"), ("k", "田")):
            app.post_message(events.Key(key, character))
            await settle(pilot)
        assert area.text == "山\u3000田"
