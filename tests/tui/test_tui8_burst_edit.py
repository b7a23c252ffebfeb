"""Editing keys typed in one burst act on the field focused at that point of the burst
(walk7b N2): Ctrl+U sent right after Shift+Tab in 「措置を記録」 cleared the 内容 left behind,
and the text typed into 内容 (an entry that can never be edited afterwards) was lost."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from textual.widgets import Input, TextArea

from inspector.tui.screens.backup_register import BackupRegisterScreen
from inspector.tui.screens.measure_entry import MeasureEntryScreen
from inspector.tui.screens.storage_entry import StorageEntryScreen

from .burst import burst
from .conftest import World, settle

SIZE = (80, 24)


async def handled(pilot: object, condition: Callable[[], object]) -> None:
    """Settle, then pause until `condition()` (the last key of the burst is in), for at
    most 30 s: without the fix the condition never holds, and the assertions then say
    what the fields hold instead."""
    await settle(pilot)
    deadline = time.monotonic() + 30
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.01)  # type: ignore[attr-defined]
    await settle(pilot)


async def test_ctrl_u_after_shift_tab_clears_the_date_not_the_text(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry = MeasureEntryScreen(app.context, date(2026, 12, 3))
        app.push_screen(entry)
        await settle(pilot)
        await pilot.press(*"ABC")  # typed into 内容 (focused when the dialog opens)
        burst(app, "shift+tab", "ctrl+u", "R8.12.3", "tab", " DEF")
        text = entry.query_one("#entry-text", TextArea)
        await handled(pilot, lambda: text.text.endswith("DEF"))
        assert entry.query_one("#entry-date", Input).value == "R8.12.3"
        assert text.text == "ABC DEF"


async def test_ctrl_u_after_tab_acts_on_the_text_it_moved_to(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry = MeasureEntryScreen(app.context, date(2026, 12, 3))
        app.push_screen(entry)
        await settle(pilot)
        await pilot.press(*"ABC", "shift+tab", *"Z")
        date_field = entry.query_one("#entry-date", Input)
        assert date_field.value == "Z"
        burst(app, "tab", "ctrl+u", "W", "shift+tab", "backspace", "9")
        await handled(pilot, lambda: date_field.value.endswith("9"))
        # Ctrl+U cleared 内容's line before W, Backspace took the Z back
        assert entry.query_one("#entry-text", TextArea).text == "W"
        assert date_field.value == "9"


async def test_editing_keys_in_a_burst_in_the_backup_form(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(BackupRegisterScreen(app.context, world.org_ids["210"]))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StorageEntryScreen)
        await pilot.press(*"ABC", "tab", "tab", *"DEF", "tab", *"GHI")
        # back to the box location: End, Backspace (DE), on to the key location: Home,
        # Delete (HI), Ctrl+K on the name two fields back (nothing right of the cursor)
        burst(app, "shift+tab", "end", "backspace", "X", "tab", "home", "delete", "Y")
        key_location = form.query_one("#form-key_location", Input)
        await handled(pilot, lambda: key_location.value.startswith("Y"))
        burst(app, "shift+tab", "shift+tab", "shift+tab", "home", "ctrl+k", "N")
        name = form.query_one("#form-name", Input)
        await handled(pilot, lambda: name.value == "N")
        values = form.values()
        assert (values["name"], values["box_location"], values["key_location"]) == (
            "N",
            "DEX",
            "YHI",
        )
