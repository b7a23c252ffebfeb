"""The memo and evidence dialogs name the item they write to (walk7b N1): after `1` the
cursor is on the next item already, and a memo typed for the item just answered went to
that next one with nothing on the dialog to say so."""

from __future__ import annotations

import pytest
from textual.widgets import Label

from inspector.tui.screens.evidence import EvidenceScreen
from inspector.tui.screens.note import NoteScreen

from .conftest import World
from .test_runner import SIZE, current, open_runner, press


@pytest.mark.parametrize(("key", "screen_type"), [("e", NoteScreen), ("a", EvidenceScreen)])
async def test_the_dialog_names_the_focused_item(
    world: World, empty_session: int, key: str, screen_type: type
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1")
        assert current(runner) == "c-02"
        await press(pilot, key)
        assert isinstance(app.screen, screen_type)
        assert app.screen.item is not None and app.screen.item.id == "c-02"
        shown = [str(label.render()) for label in app.screen.query(Label)]
        assert runner.model is not None
        assert any(runner.model.item("c-02").text.get("ja") in text for text in shown), shown
