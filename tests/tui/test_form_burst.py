"""Keys typed in one burst (text, Tab, text, Enter, with no pause) land where a slow
typist's would (walk7 H3): the setup dialog glued its four fields into the inspector's
name (the signer on notices), the backup register's form put the box location into the
name field."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input

from inspector.tui.app import InspectorApp
from inspector.tui.screens.backup_register import BackupRegisterScreen
from inspector.tui.screens.inspector_setup import InspectorSetupScreen
from inspector.tui.screens.storage_entry import StorageEntryScreen

from .burst import burst
from .conftest import TODAY, World, settle, wait_until

SIZE = (80, 24)


@pytest.mark.parametrize("between", ["tab", "enter"])
async def test_a_burst_fills_each_setup_field(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, between: str
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    app = InspectorApp(world.new_context(inspector_name=None), today=TODAY, ask_inspector=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InspectorSetupScreen)
        parts = ("監査 太郎", between, "みどり市", between, "監査委員事務局", between)
        burst(app, *parts, "情報セキュリティ監査責任者", "enter")
        await wait_until(pilot, config.exists, "the config saved")
        await settle(pilot)
        assert not isinstance(app.screen, InspectorSetupScreen)
    saved = tomllib.loads(config.read_text(encoding="utf-8"))
    assert (saved["inspector_name"], saved["municipality"], saved["office"], saved["title"]) == (
        "監査 太郎",
        "みどり市",
        "監査委員事務局",
        "情報セキュリティ監査責任者",
    )


async def test_a_burst_fills_each_backup_form_field(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        register = BackupRegisterScreen(app.context, world.org_ids["210"])
        app.push_screen(register)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StorageEntryScreen)
        # name, (the kind: a select), box location, key location, as walk7 typed it
        burst(app, "ABC", "tab", "tab", "DEF", "tab", "GHI")
        await wait_until(
            pilot, lambda: form.query_one("#form-key_location", Input).value, "the last key"
        )
        await settle(pilot)
        values = form.values()
        assert (values["name"], values["box_location"], values["key_location"]) == (
            "ABC",
            "DEF",
            "GHI",
        )
        # back one field, then Enter moves on (a field entered keeps its text: typing adds
        # to it, as for a slow typist; walk8b L4)
        burst(app, "shift+tab", "X", "enter", "Y")
        await wait_until(
            pilot, lambda: form.query_one("#form-key_location", Input).value == "GHIY", "Y"
        )
        assert form.values()["box_location"] == "DEFX"
        assert form.values()["name"] == "ABC"
