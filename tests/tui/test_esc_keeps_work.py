"""Esc never throws typed text away without asking (walk7 H2/M1): the backup register's
add form, the card ledger's one-line prompt and the first-start setup ask, as the reasons
dialog does (y discards, n goes back to the text); untouched, they close at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from inspector.tui.app import InspectorApp
from inspector.tui.screens.backup_register import BackupRegisterScreen
from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.inspector_setup import InspectorSetupScreen
from inspector.tui.screens.prompt import PromptScreen
from inspector.tui.screens.storage_entry import StorageEntryScreen

from .conftest import TODAY, World, settle
from .test_card_ledger import _cards

SIZE = (80, 24)
QUESTION = "入力した内容を保存せずに閉じますか"
LONG_NAME = "本庁舎地下一階機械室横の防火区画内に設置された耐火金庫"


async def _esc_asks_then_n_keeps(app: InspectorApp, pilot, field: Input) -> None:  # type: ignore[no-untyped-def]
    dialog = app.screen
    typed = field.value
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("n")
    await settle(pilot)
    assert app.screen is dialog and field.value == typed  # back to the text, kept
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("y")
    await settle(pilot)
    assert app.screen is not dialog


async def test_backup_form_asks_before_discarding(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        register = BackupRegisterScreen(app.context, world.org_ids["210"], today=TODAY)
        app.push_screen(register)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, StorageEntryScreen)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert app.screen is register
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*LONG_NAME, "tab", "tab", *"本庁舎地下1階")
        await settle(pilot)
        field = app.screen.query_one("#form-box_location", Input)
        assert field.value == "本庁舎地下1階"
        await _esc_asks_then_n_keeps(app, pilot, field)
        assert app.screen is register and register.storages == []


async def test_card_ledger_place_prompt_asks_and_refuses_empty(world: World) -> None:
    _cards(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ledger = CardLedgerScreen(app.context, world.org_ids["210"], today=TODAY)
        app.push_screen(ledger)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")  # empty: said so, nothing recorded, the prompt stays
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        said = [n.message for n in app._notifications]
        assert any("見つかった場所を入力してください" in m for m in said), said
        await pilot.press(*"職員の机の引き出し（施錠なし）")
        field = app.screen.query_one(Input)
        await _esc_asks_then_n_keeps(app, pilot, field)
        assert app.screen is ledger
        events = app.context.site.ledger(world.org_ids["210"]).events
        assert [e.kind.value for e in events] == ["issue", "issue"]  # nothing recorded


async def test_first_start_setup_asks_before_dropping_a_typed_name(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    app = InspectorApp(world.new_context(inspector_name=None), today=TODAY, ask_inspector=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InspectorSetupScreen)
        await pilot.press(*"監査 太郎")
        field = app.screen.query_one("#setup-inspector_name", Input)
        await _esc_asks_then_n_keeps(app, pilot, field)
        assert not isinstance(app.screen, InspectorSetupScreen)
    assert not config.exists()  # left for later: nothing saved
