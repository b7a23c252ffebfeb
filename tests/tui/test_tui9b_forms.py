"""Enter that says what it does, and values filled in beforehand that a key does not
replace (walk8b L1, L4; walk8 LOW):

- the backup forms and the setup form save with Enter on their last field: their hint says
  so (「Enter：次の欄（最後の欄で保存）」), in the same words;
- the transport form (backup `t`) starts on the first required field left empty (運搬先),
  and the date and 運搬元 it fills in are kept when keys are typed in them;
- the setup form's 「氏名を入力してください。」 goes once a name is typed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Input, Label

from inspector.domain.hearing import load_hearing_cases
from inspector.tui.app import InspectorApp
from inspector.tui.message_lines import message_breaks
from inspector.tui.screens.hearing_case import HearingCaseScreen
from inspector.tui.screens.inspector_setup import InspectorSetupScreen
from inspector.tui.screens.storage_entry import StorageEntryScreen
from inspector.tui.screens.transport_entry import TransportEntryScreen
from inspector.tui.wrapping import wrap_text

from .conftest import TODAY, World, settle
from .drawn import region_lines, screen_lines
from .test_backup_register import _box, _open

SIZE = (80, 24)
ENTER_SAYS = "Enter：次の欄（最後の欄で保存）"


def _text_of(label: Label) -> str:
    """The label's text as drawn."""
    return "".join(line.strip() for line in region_lines(label.screen, label.region))


async def _keys(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(*key) if len(key) > 1 and key not in NAMED else await pilot.press(key)
    await settle(pilot)


NAMED = {"enter", "tab", "shift+tab", "escape", "ctrl+s", "space"}


async def test_the_transport_form_starts_on_the_first_empty_field(world: World) -> None:
    _box(world)  # 保管箱A, kept in 「サーバ室 作業机の上」
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, world)
        await _keys(pilot, "t")
        form = app.screen
        assert isinstance(form, TransportEntryScreen)
        assert form.focused is form.query_one("#form-to", Input)  # 運搬先, not the date
        assert any(ENTER_SAYS in line for line in screen_lines(form))
        # walk8b L4's keys: the place, Enter, the carrier; Enter on to the last field
        await _keys(pilot, "北支所", "enter", "監査 太郎", "enter")
        assert form.focused is form.query_one("#form-locked")
        await _keys(pilot, "space", "enter", "enter")  # locked; Enter moves past the box
        assert form.focused is form.query_one("#form-receiver", Input)
        await _keys(pilot, "enter", "enter")  # 受領者 empty, 備考 empty: the last saves
        assert app.screen is screen
        await settle(pilot)
    (transport,) = world.context.site.transports(
        [s.id for s in world.context.site.storages(world.org_ids["210"])]
    )
    assert transport.transport_date == TODAY
    assert (transport.from_place, transport.to_place) == ("サーバ室 作業机の上", "北支所")
    assert transport.carrier == "監査 太郎"
    assert transport.box_locked and not transport.key_separate


async def test_a_key_typed_in_a_filled_field_adds_to_it(world: World) -> None:
    _box(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, world)
        await _keys(pilot, "t", "shift+tab")  # back to 運搬元, filled with the box's place
        form = app.screen
        assert isinstance(form, TransportEntryScreen)
        field = form.query_one("#form-from", Input)
        assert form.focused is field
        await _keys(pilot, "X")
        assert field.value == "サーバ室 作業机の上X"  # added, not replaced
        await _keys(pilot, "shift+tab", "1")
        assert form.query_one("#form-date", Input).value == "令和7年6月2日1"


async def test_the_box_form_saves_with_enter_on_its_last_field(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, world)
        await _keys(pilot, "a")
        form = app.screen
        assert isinstance(form, StorageEntryScreen)
        assert any(ENTER_SAYS in line for line in screen_lines(form))
        await _keys(pilot, "保管箱B", "enter", "enter")  # the name; the kind (a select)
        assert form.focused is form.query_one("#form-box_location", Input)
        await _keys(pilot, "金庫", "enter", "総務課", "enter", "enter", "enter")
        assert form.focused is form.query_one("#form-note", Input)
        await _keys(pilot, "enter")
        assert app.screen is screen
        await settle(pilot)
    (box,) = world.context.site.storages(world.org_ids["210"])
    assert (box.name, box.box_location, box.key_location) == ("保管箱B", "金庫", "総務課")


async def test_the_setup_error_goes_once_a_name_is_typed(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    app = InspectorApp(world.new_context(inspector_name=None), today=TODAY, ask_inspector=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InspectorSetupScreen)
        assert any(ENTER_SAYS in line for line in screen_lines(form))
        await _keys(pilot, "enter", "enter", "enter", "enter")  # Enter on the last: save
        error = form.query_one("#setup-error", Label)
        assert "氏名を入力してください" in _text_of(error)
        assert form.focused is form.query_one("#setup-inspector_name", Input)
        await _keys(pilot, "監")
        assert _text_of(error) == ""  # gone with the first character
        await _keys(pilot, "査 花子", "enter", "enter", "enter", "enter")
        assert app.screen is not form
    assert tomllib.loads(config.read_text(encoding="utf-8"))["inspector_name"] == "監査 花子"


async def test_the_settings_keep_the_name_a_key_is_typed_after(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_CONFIG", str(tmp_path / "config.toml"))
    app = world.app(inspector_name="監査 太郎")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_settings()
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InspectorSetupScreen)
        await _keys(pilot, "X")
        assert form.query_one("#setup-inspector_name", Input).value == "監査 太郎X"


def test_a_message_keeps_its_particles_beside_the_date() -> None:
    """walk8b L2: 「期限 令和8年12月6日」 / 「は土曜日…」. At every width no line of a message
    starts with は, を or が, nor with の after a date or a Latin word."""
    messages = [
        "期限 令和8年12月6日 は土曜日・日曜日で閉庁日です。期限は開庁日にしてください。",
        "日付は 令和7年6月2日、R7.6.2 または 2025-06-02 の形で入力してください。",
        "記録日 令和9年1月1日 を今日までの日付にしてください。",
    ]
    for message in messages:
        for width in range(20, 70):  # a date fills a narrower line: cut at the width
            lines = wrap_text(Text(message), width, message_breaks)
            assert "".join(line.plain for line in lines).replace(" ", "") == message.replace(
                " ", ""
            )
            for line in lines[1:]:
                assert line.plain[:1] not in "はをが。、", (width, [x.plain for x in lines])
                assert not line.plain.startswith("の形"), (width, [x.plain for x in lines])


async def test_the_date_error_of_a_form_breaks_cleanly_at_80x24(world: World) -> None:
    _box(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, world)
        await _keys(pilot, "t", "北支所", "enter", "監査 太郎", "shift+tab", "shift+tab")
        form = app.screen
        assert isinstance(form, TransportEntryScreen)
        form.set_value("date", "6月2日ごろ")
        await _keys(pilot, "ctrl+s")
        assert form.is_current and "2025-06-02" in form.shown_problem
        lines = [
            line.strip()
            for line in region_lines(form, form.query_one("#form-error").region)
            if line.strip()
        ]
        assert "".join(lines).replace(" ", "") == form.shown_problem.replace(" ", "")
        assert len(lines) >= 2, lines  # it wraps at 80 columns
        assert not any(line[:1] in "はをがの。、" for line in lines[1:]), lines


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_the_case_dialog_says_what_enter_does_and_shows_its_note(
    world: World, lang: str
) -> None:
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = HearingCaseScreen(app.context, load_hearing_cases(), "加藤 彩")
        app.push_screen(dialog)
        await settle(pilot)
        lines = screen_lines(dialog)
        says = app.context.t("tui9b.keys.enter_to_note")
        (hint_row,) = [n for n, line in enumerate(lines) if says in line]
        note = dialog.query_one("#case-note", Input)
        assert note.content_region.y < hint_row  # the note's line is above the hint, seen
        await _keys(pilot, "enter", "メモ", "enter")  # Enter: to the note, then saves
        assert app.screen is not dialog
