"""The runner's dialogs refuse a control or format character in what they store (a pasted
escape, a bidi override): the text answer, the memo, the free-text reason and the evidence
paths are stored and printed into the report. The dialog stays open with what was typed,
the field and U+XXXX are named, nothing is written; line breaks and U+3000 stay."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from inspector.tui.widgets.item_list import ItemList
from tests.tui.conftest import World, settle
from tests.tui.test_runner import SIZE, open_runner, press


def _error_text(screen: object) -> str:
    from textual.widgets import Label

    return " ".join(str(label.render()) for label in screen.query(".dialog-error").results(Label))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("key", "field", "typed", "code"),
    [
        ("e", "#note-text", "施錠\x1b[31mを確認", "U+001B"),
        ("r", "#reasons-text", "手順書\u202eがない", "U+202E"),
        ("a", "#evidence-text", "/tmp/photo\x1b[2J.jpg", "U+001B"),
    ],
)
async def test_a_control_character_in_a_dialog_is_refused(
    world: World, empty_session: int, key: str, field: str, typed: str, code: str
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "2", "k")  # c-01 noncompliant, back on it
        before = world.repo.answers(empty_session)["c-01"].state
        changes = len(world.repo.changes(empty_session))
        await press(pilot, key)
        dialog = app.screen
        area = dialog.query_one(field, TextArea)
        area.text = typed
        area.focus()
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # kept open, with what was typed
        assert area.text == typed
        error = _error_text(dialog)
        assert code in error and "制御文字" in error, error
        assert dialog.focused is area
        assert world.repo.answers(empty_session)["c-01"].state == before
        assert len(world.repo.changes(empty_session)) == changes
        assert app.screen is not runner


async def test_a_text_answer_with_an_escape_is_refused(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        runner.query_one(ItemList).show_item("n-03")
        await press(pilot, "i")
        dialog = app.screen
        area = dialog.query_one("#value-input", TextArea)
        area.text = "特になし\x1b]0;title\x07"
        await press(pilot, "ctrl+s")
        assert app.screen is dialog
        error = _error_text(dialog)
        assert "U+001B" in error and "回答" in error, error
        assert "n-03" not in world.values(empty_session)


async def test_line_breaks_and_the_ideographic_space_are_kept(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "2", "k")
        await press(pilot, "e")
        app.screen.query_one("#note-text", TextArea).text = "施錠を確認\n鍵は\u3000総務課"
        await press(pilot, "ctrl+s")
        assert app.screen is runner
        await press(pilot, "r")
        app.screen.query_one("#reasons-text", TextArea).text = "手順書が\n古い\tまま"
        await press(pilot, "ctrl+s")
        assert app.screen is runner
        runner.query_one(ItemList).show_item("n-03")
        await press(pilot, "i")
        app.screen.query_one("#value-input", TextArea).text = "一行目\n二行目\u3000続き"
        await press(pilot, "ctrl+s")
        assert app.screen is runner
    answers = world.repo.answers(empty_session)
    assert answers["c-01"].state.note == "施錠を確認\n鍵は\u3000総務課"
    assert answers["c-01"].state.reason_text == "手順書が\n古い\tまま"
    assert answers["n-03"].value == "一行目\n二行目\u3000続き"


async def test_the_search_refuses_an_escape_without_saying_saved(
    world: World, empty_session: int
) -> None:
    """The runner's search is echoed back when nothing matches: refused too, told to type it
    again (not 「保存していません」: nothing is saved by a search)."""
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "slash")
        prompt = app.screen
        field = prompt.query_one("#prompt-input", Input)
        field.value = "鍵\x1b[2J"
        await press(pilot, "enter")
        assert app.screen is prompt and field.value == "鍵\x1b[2J"
        error = _error_text(prompt)
        assert "U+001B" in error and "入力してください" in error, error
        assert "保存" not in error
