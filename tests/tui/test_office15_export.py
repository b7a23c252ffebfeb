"""office15 (3), through Textual's Pilot at 80x24: the consolidation's export dialog keeps a
typed path when the export is refused (a missing folder) or a "no" is answered to replacing
a file: the dialog stays open with the text, the reason under the field; nothing written."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.consolidation_export import ExportScreen

from .conftest import settle
from .test_consolidation import Data, data, open_screen, press

__all__ = ["data"]


async def test_a_refused_path_stays_in_the_dialog_with_its_reason(
    data: Data, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "counts.xlsx"
    existing = tmp_path / "counts.xlsx"
    existing.write_bytes(b"kept")
    app = data.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot)
        await press(pilot, "e")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        field = dialog.query_one("#export-path", Input)
        field.value = str(missing)
        await press(pilot, "ctrl+s")
        assert app.screen is dialog and field.value == str(missing)
        said = str(dialog.query_one("#export-error", Label).render()).replace("\n", "")
        assert "no-such-folder" in said, said
        assert not missing.parent.exists()

        field.value = str(existing)
        await press(pilot, "ctrl+s")
        ask = app.screen
        assert isinstance(ask, ConfirmScreen) and str(existing) in ask.question
        await press(pilot, "n")
        await settle(pilot)
        assert app.screen is dialog and field.value == str(existing)
        assert existing.read_bytes() == b"kept"
