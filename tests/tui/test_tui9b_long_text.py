"""Long free text is typed where it can be reread (walk8 M4): 「その他の要因（自由記述）」 in
the reasons dialog and the 「回答を入力」 of a text item (the hearing's system, purpose ...)
were one-line fields that showed only the tail of a 130-character answer. Both are a
paragraph field now: the whole text reads on screen at 80x24, Enter saves (as the hint
says), and Esc asks before dropping what was typed."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.reasons import ReasonsScreen
from inspector.tui.screens.value_input import ValueInputScreen
from inspector.tui.widgets.item_list import ItemList
from inspector.tui.widgets.paragraph_field import ParagraphField

from .conftest import World, settle, wait_until
from .drawn import region_lines, screen_lines
from .test_runner import SIZE, open_runner, press

# 130 characters, as walk8 typed: 「…回覧簿で管理する。」 was all the one-line field showed
ANSWER = (
    "回覧文書の確認が遅れがちであったため、今後は受領日から三日以内に回覧し、"
    "確認印を回覧簿で管理する。あわせて、係長が毎週金曜日に回覧の状況を点検し、"
    "遅れている文書があれば担当者に声をかけて、翌週の月曜日までに回覧を終えるよう"
    "にする。点検の結果は各課長に報告する。"
)
assert len(ANSWER) == 130


def _drawn(field: ParagraphField) -> str:
    """The field's text as drawn on the screen, its lines joined."""
    lines = region_lines(field.screen, field.content_region)
    return "".join(line.strip() for line in lines)


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Each character as the terminal's driver sends it (「、」 and 「。」 with their
    character: Pilot's `press` and `burst` give them none, and a field drops them)."""
    driver = pilot.app._driver
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)


async def test_the_reasons_free_text_reads_whole_and_enter_saves(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "2", "r")  # c-01 不遵守, then its reasons
        dialog = app.screen
        assert isinstance(dialog, ReasonsScreen) and dialog.item.id == "c-01"
        await press(pilot, "1", "tab")
        field = dialog.query_one("#reasons-text", ParagraphField)
        assert dialog.focused is field
        await _type(pilot, ANSWER)
        assert field.value == ANSWER
        assert _drawn(field) == ANSWER  # every character on screen, none scrolled away
        lines = screen_lines(dialog)
        # the hint says what Enter does, and the dialog still fits 24 rows
        assert any("自由記述では保存" in line for line in lines), lines
        assert field.region.bottom <= SIZE[1] - 3
        await press(pilot, "enter")
        await wait_until(
            pilot,
            lambda: world.repo.answers(empty_session)["c-01"].state.reason_text == ANSWER,
            "the reasons saved",
        )
        assert app.screen is runner
        state = world.repo.answers(empty_session)["c-01"].state
        assert state.reasons == ("unaware",)


async def test_enter_in_the_reasons_list_still_picks(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "2", "r")
        dialog = app.screen
        assert isinstance(dialog, ReasonsScreen)
        await press(pilot, "down", "enter")  # the second reason, picked: not saved
        assert app.screen is dialog
        assert dialog.query_one("#reasons-list").selected == ["busy"]  # type: ignore[attr-defined]
        await press(pilot, "tab")
        await _type(pilot, "多忙")
        await press(pilot, "escape")  # typed: asks
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is dialog
        assert dialog.query_one("#reasons-text", ParagraphField).value == "多忙"


async def test_a_long_text_answer_reads_whole_and_enter_saves(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1", "2", "y")  # h-01 はい: h-02 (誰に教えましたか) applies
        runner.query_one(ItemList).show_item("h-02")
        await settle(pilot)
        await press(pilot, "i")
        dialog = app.screen
        assert isinstance(dialog, ValueInputScreen) and dialog.item.id == "h-02"
        field = dialog.query_one("#value-input", ParagraphField)
        await _type(pilot, ANSWER)
        assert _drawn(field) == ANSWER
        lines = screen_lines(dialog)
        assert any("Enter：保存" in line for line in lines), lines
        await press(pilot, "escape")  # asks, and n keeps every character
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is dialog and field.value == ANSWER
        await press(pilot, "enter")
        await wait_until(
            pilot, lambda: world.values(empty_session).get("h-02") == ANSWER, "the answer saved"
        )
        assert app.screen is runner


async def test_a_number_is_still_typed_on_one_line(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        runner.query_one(ItemList).show_item("n-01")
        await settle(pilot)
        await press(pilot, "i")
        dialog = app.screen
        assert isinstance(dialog, ValueInputScreen)
        assert not dialog.query(ParagraphField)
        await press(pilot, "1", "2", "enter")
        await wait_until(pilot, lambda: world.values(empty_session).get("n-01") == "12", "saved")
