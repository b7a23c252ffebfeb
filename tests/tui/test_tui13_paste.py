"""A control or format character typed or pasted into a text field is refused there (tui13
item 1): Textual drew a pasted right-to-left override (U+202E) raw before any save could
refuse it. The field keeps what it had and a notification names the character; the
ideographic space, and a line break in a multi-line text, are accepted."""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.domain.hearing import load_hearing_cases
from inspector.tui.app import InspectorApp
from inspector.tui.screens.db_passphrase import DbPassphraseScreen
from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.hearing_case import HearingCaseScreen
from inspector.tui.screens.note import NoteScreen

from .conftest import World, settle
from .runner_setup import SIZE, notes, press, shown

RLO = "\u202e"


def _drawn(widget: Widget) -> str:
    """The text of the widget's rendered lines (what is written to the terminal)."""
    return "".join(
        segment.text for y in range(widget.size.height) for segment in widget.render_line(y)
    )


async def _paste(pilot: object, widget: Widget, text: str) -> None:
    widget.focus()
    await settle(pilot)
    widget.app.post_message(events.Paste(text))  # as the terminal's paste: to the focused field
    await settle(pilot)


def _finding_edit(app: InspectorApp, world: World) -> FindingEditScreen:
    draft = FindingDraft(FindingKind.FINDING, "件名", "本文", world.org_ids["110"])
    return FindingEditScreen(app.context, draft)


async def test_a_pasted_override_is_refused_in_the_hearing_note_and_the_finding(
    world: World,
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await shown(pilot, HearingCaseScreen(app.context, load_hearing_cases(), "加藤 彩"))
        note = dialog.query_one("#case-note", Input)
        note.value = "根拠あり"
        await _paste(pilot, note, "注" + RLO + "記")
        assert note.value == "根拠あり"
        assert any("U+202E" in n and "制御文字" in n for n in notes(app)), notes(app)
        assert RLO not in _drawn(note)
        await _paste(pilot, note, "\u3000添付")
        assert note.value == "根拠あり\u3000添付"
        app.pop_screen()
        await settle(pilot)

        edit = await shown(pilot, _finding_edit(app, world))
        before = len(notes(app))
        title = edit.query_one("#finding-title", Input)
        await _paste(pilot, title, RLO + "gpj.exe")
        assert title.value == "件名"
        assert RLO not in _drawn(title)
        text = edit.query_one("#finding-text", TextArea)
        await _paste(pilot, text, "追記" + RLO)
        assert text.text == "本文"
        assert RLO not in _drawn(text)
        new = notes(app)[before:]
        assert len(new) == 2 and all("U+202E" in n for n in new), new
        text.move_cursor(text.document.end)
        await _paste(pilot, text, "\n二行目\u3000\r\n三行目\t終")
        assert text.text == "本文\n二行目\u3000\n三行目\t終"
        assert len(notes(app)) == before + 2


async def test_a_typed_braille_blank_is_refused_in_a_memo(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        memo = await shown(pilot, NoteScreen(app.context, "メモ"))
        area = memo.query_one("#note-text", TextArea)
        # as the terminal's driver delivers it (Pilot.press cannot name it)
        app.post_message(events.Key("braille_pattern_blank", "\u2800"))
        await settle(pilot)
        assert area.text == "メモ"
        assert any("U+2800" in n for n in notes(app)), notes(app)
        await _paste(pilot, area, "\u200b")
        assert area.text == "メモ"
        assert any("U+200B" in n for n in notes(app)), notes(app)
        await press(pilot, "a")
        assert area.text == "メモa"


async def test_the_passphrase_refuses_and_never_shows_it(world: World) -> None:
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await shown(pilot, DbPassphraseScreen(app.context, str(world.path)))
        field = dialog.query_one(Input)
        field.value = "secret-word"
        await _paste(pilot, field, "more\u200dtext")
        assert field.value == "secret-word"
        (note,) = notes(app)
        assert "U+200D" in note and "not entered" in note, note
        assert "secret" not in note and "more" not in note


async def test_a_stored_control_character_is_not_drawn(world: World) -> None:
    """A value the program sets (a note stored before these rules) keeps its characters,
    and the save still refuses them; the screen shows none of them."""
    from .drawn import frame_output, screen_lines

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        edit = await shown(pilot, _finding_edit(app, world))
        title = edit.query_one("#finding-title", Input)
        title.value = "件\u202e名\u200b\u2800\x1b[31m"
        text = edit.query_one("#finding-text", TextArea)
        text.text = "本\u202e文\n\u2800二行目\u3000"
        title.focus()
        await settle(pilot)
        assert title.value == "件\u202e名\u200b\u2800\x1b[31m"  # not altered
        drawn = "\n".join(screen_lines(edit))
        output = frame_output(edit, app.console)
        for control in ("\u202e", "\u200b", "\u2800"):
            assert control not in drawn and control not in output, repr(control)
        assert "\x1b" not in drawn  # (the output has the terminal's own sequences)
        assert "件名\ufffd[31m" in drawn and "本文" in drawn and "\ufffd二行目\u3000" in drawn
