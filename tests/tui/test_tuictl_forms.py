"""The site-register forms, the one-line prompts, the hearing's case note and the inspector's
settings refuse a control or format character (a pasted escape, a bidi override): each is
stored and printed (the register, the hearing report, every signed document). The form
stays open with what was typed, the field and U+XXXX are named, nothing is written; the
ideographic space stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label

from inspector.domain.hearing import load_hearing_cases
from inspector.tui.app import InspectorApp
from inspector.tui.screens.hearing_case import HearingCaseScreen
from inspector.tui.screens.inspector_setup import InspectorSetupScreen
from inspector.tui.screens.prompt import PromptScreen
from inspector.tui.screens.transport_entry import TransportEntryScreen

from .conftest import TODAY, World, settle
from .test_backup_register import _box, _open

SIZE = (80, 24)


def _errors(screen: object) -> str:
    return " ".join(str(label.render()) for label in screen.query(".dialog-error").results(Label))  # type: ignore[attr-defined]


def _transports(world: World) -> list[object]:
    boxes = [s.id for s in world.context.site.storages(world.org_ids["210"])]
    return list(world.context.site.transports(boxes))


@pytest.mark.parametrize(
    ("field", "typed", "code", "name"),
    [
        ("#form-to", "北支所\x1b[31m", "U+001B", "運搬先"),
        ("#form-carrier", "監査\u202e太郎", "U+202E", "運搬者"),
    ],
)
async def test_a_site_form_refuses_a_control_character(
    world: World, field: str, typed: str, code: str, name: str
) -> None:
    _box(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, world)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TransportEntryScreen)
        form.query_one("#form-to", Input).value = "北支所"
        form.query_one("#form-carrier", Input).value = "監査 太郎"
        widget = form.query_one(field, Input)
        widget.value = typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and widget.value == typed
        assert code in form.shown_problem and name in form.shown_problem, form.shown_problem
        assert form.focused is widget
    assert _transports(world) == []


async def test_a_site_form_keeps_the_ideographic_space(world: World) -> None:
    _box(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, world)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TransportEntryScreen)
        form.query_one("#form-to", Input).value = "北支所"
        form.query_one("#form-carrier", Input).value = "監査\u3000太郎"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    (transport,) = _transports(world)
    assert transport.carrier == "監査\u3000太郎"  # type: ignore[attr-defined]


async def test_a_prompt_refuses_a_control_character(world: World) -> None:
    answers: list[str | None] = []
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompt = PromptScreen(app.context, "受領者", required=True)
        app.push_screen(prompt, answers.append)
        await settle(pilot)
        field = prompt.query_one("#prompt-input", Input)
        field.value = "総務課\x1b]0;x\x07"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is prompt and field.value == "総務課\x1b]0;x\x07"
        error = _errors(prompt)
        assert "受領者" in error and "U+001B" in error and "制御文字" in error, error
        assert answers == []
        field.value = "総務課\u3000係長"
        await pilot.press("enter")
        await settle(pilot)
        assert answers == ["総務課\u3000係長"]


async def test_the_hearing_case_note_refuses_a_control_character(world: World) -> None:
    chosen: list[object] = []
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = HearingCaseScreen(app.context, load_hearing_cases(), "加藤 彩")
        app.push_screen(dialog, chosen.append)
        await settle(pilot)
        note = dialog.query_one("#case-note", Input)
        note.value = "根拠\u200bあり"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and note.value == "根拠\u200bあり"
        error = _errors(dialog)
        assert "U+200B" in error and "メモ" in error, error
        assert dialog.focused is note
        assert chosen == []


async def test_the_setup_refuses_a_control_character_and_writes_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    context = world.new_context(inspector_name=None)
    app = InspectorApp(context, today=TODAY, ask_inspector=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, InspectorSetupScreen)
        setup.query_one("#setup-inspector_name", Input).value = "監査\u3000花子"
        office = setup.query_one("#setup-office", Input)
        office.value = "監査室\u202e"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is setup
        error = str(setup.query_one("#setup-error", Label).render())
        assert "「所属」" in error and "U+202E" in error and "制御文字" in error, error
        assert setup.focused is office
    assert not config.exists()
    assert context.settings.inspector_name is None


async def test_the_refusal_is_in_english_with_lang_en(world: World) -> None:
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompt = PromptScreen(app.context, "Receiver:")
        app.push_screen(prompt)
        await settle(pilot)
        prompt.query_one("#prompt-input", Input).value = "IT\u200bdesk"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is prompt
        error = _errors(prompt)
        assert error.startswith("Receiver holds a control character (U+200B)"), error
        assert "nothing was saved" in error
