"""The first-start setup at 80x24 shows each empty field as a box (walk7b N5): compact,
an empty field had the dialog's own background, and nothing showed where typing goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from inspector.tui.app import InspectorApp
from inspector.tui.screens.inspector_setup import InspectorSetupScreen

from .conftest import TODAY, World, settle


async def test_every_empty_setup_field_is_a_visible_box(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_CONFIG", str(tmp_path / "config.toml"))
    app = InspectorApp(world.new_context(inspector_name=None), today=TODAY, ask_inspector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InspectorSetupScreen)
        dialog = screen.query_one("#setup-dialog")
        _, behind = dialog.background_colors
        fields = list(screen.query(Input))
        assert len(fields) == 4 and not any(f.value for f in fields[1:])
        for field in fields:
            _, own = field.background_colors
            assert own != behind, field.id  # a box of its own colour
            assert field.region.width >= 40, field.region  # and a line wide, in view
            assert field.region.bottom <= 24, field.region
        # the focused field stands out from the others
        focused = screen.focused
        assert isinstance(focused, Input)
        assert focused.background_colors[1] != fields[1].background_colors[1]
