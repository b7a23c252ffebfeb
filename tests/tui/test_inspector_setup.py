"""First start: the interface asks for the inspector's name and organization, once, and
saves them in the config file (issue 13 and issue 14 point 17)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from inspector.tui.app import InspectorApp
from inspector.tui.screens.inspector_setup import InspectorSetupScreen

from .conftest import TODAY, World, settle

SIZE = (100, 32)


async def test_first_start_asks_and_saves_the_inspector(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# the office\'s settings\nlang = "ja"\n', encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    context = world.new_context(inspector_name=None)  # a first start: no name yet
    app = InspectorApp(context, today=TODAY, ask_inspector=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InspectorSetupScreen)
        await pilot.press("ctrl+s")  # the name is required
        assert isinstance(app.screen, InspectorSetupScreen)
        for text in ("監査 花子", "みどり市", "監査室", "情報セキュリティ監査責任者"):
            await pilot.press(*text)  # IME-free: Textual types each character
            await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, InspectorSetupScreen)
    saved = tomllib.loads(config.read_text(encoding="utf-8"))
    assert saved["inspector_name"] == "監査 花子" and saved["lang"] == "ja"
    assert (saved["municipality"], saved["office"], saved["title"]) == (
        "みどり市",
        "監査室",
        "情報セキュリティ監査責任者",
    )
    assert config.read_text(encoding="utf-8").startswith("# the office's settings")
    assert context.settings.inspector_name == "監査 花子"


async def test_escape_leaves_it_for_later_and_saves_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    app = InspectorApp(world.new_context(inspector_name=None), today=TODAY, ask_inspector=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InspectorSetupScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, InspectorSetupScreen)
    assert not config.exists()


async def test_the_setup_dialog_shows_how_to_save_at_80x24(world: World) -> None:
    """Seen on a fresh start in tmux: four fields filled the dialog and no line said how to
    save or leave it for later (issue 14 point 5: every dialog at 80x24)."""
    from .drawn import screen_lines

    context = world.new_context(inspector_name=None)
    app = InspectorApp(context, today=TODAY, ask_inspector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InspectorSetupScreen)
        shown = "\n".join(screen_lines(app.screen))
        assert "Ctrl+S：保存" in shown and "Esc：後で" in shown, shown
        assert "Enter：次の欄（最後の欄で保存）" in shown, shown  # walk8b L1
