"""office15 (1), through Textual's Pilot at 80x24: the hand-out dialog's due date with no such
month or day is refused in the interface's language (Japanese and English), never Python's
English error text, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label

from inspector.store.repositories.distributed_forms import forms
from inspector.tui.screens.distribute_forms import DistributeScreen

from .conftest import World, settle

SIZE = (80, 24)
_PYTHON = ("month must be", "out of range", "day is out")


@pytest.mark.parametrize(("lang", "words"), [("ja", "存在しません"), ("en", "no such day")])
async def test_a_due_date_with_no_such_day_is_refused_in_words(
    world: World, tmp_path: Path, lang: str, words: str
) -> None:
    out = tmp_path / "forms"
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("x", "d", "enter"):
            await pilot.press(key)
            await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DistributeScreen)
        dialog.query_one("#distribute-folder", Input).value = str(out)
        for typed in ("2027-13-45", "2027-02-30"):
            dialog.query_one("#distribute-due", Input).value = typed
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is dialog, typed
            said = str(dialog.query_one("#distribute-error", Label).render()).replace("\n", "")
            assert typed in said and words in said, said
            assert not any(p in said for p in _PYTHON), said
            assert dialog.query_one("#distribute-due", Input).value == typed
        assert not out.exists() and forms(world.context.engine, None) == []


@pytest.mark.parametrize(("lang", "words"), [("ja", "存在しません"), ("en", "no such day")])
async def test_a_reply_by_date_with_no_such_day_is_refused_in_words(
    world: World, lang: str, words: str
) -> None:
    from inspector.tui.screens.plans import PlansScreen
    from tests.tui.drawn import screen_lines
    from tests.tui.test_office9b_reminders import _plans

    _plans(world)
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        asking = app.screen
        for typed in ("2027-13-45", "2027-02-30"):
            asking.query_one(Input).value = typed
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is asking
            drawn = "".join(line.strip() for line in screen_lines(asking))
            assert typed in drawn and words in drawn, drawn
            assert not any(p in drawn for p in _PYTHON), drawn
