"""office15 (6), through Textual's Pilot at 80x24: a dialog offers the folder last written
to only while it exists; a remembered folder removed since falls back to the current
folder. The remembered folders live in the XDG cache folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input

from inspector.tui.last_folders import remember_folder
from inspector.tui.screens.consolidation_export import ExportScreen

from .test_consolidation import Data, data, open_screen, press

__all__ = ["data"]


async def test_a_removed_remembered_folder_is_not_offered(
    data: Data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "exports"
    gone.mkdir()
    remember_folder("consolidation", gone)
    assert (Path(os.environ["XDG_CACHE_HOME"]) / "inspector" / "last_folders.json").is_file()
    gone.rmdir()
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = data.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot)
        await press(pilot, "e")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        offered = Path(dialog.query_one("#export-path", Input).value)
        assert offered.parent == here, offered
