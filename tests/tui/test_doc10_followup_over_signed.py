"""doc10 (rev9 D7), through Textual's Pilot: the follow-up report `r` never writes over the
file of a signed document the register records, even after the user agreed to replace it:
refused, its number named (in the dialog, opened again with the fields kept), the signed
file unchanged and nothing recorded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Label

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.document_progress import PassphraseScreen
from inspector.tui.screens.followup_report import FollowupScreen
from inspector.tui.screens.home import HomeScreen
from inspector.tui.screens.work_progress import WorkProgressScreen

from .conftest import World, settle, wait_until
from .test_findings import add_finding
from .test_office9a_followup import office_keys  # noqa: F401  (the fixture)

SIZE = (80, 24)


async def _press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _finished(pilot) -> WorkProgressScreen:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WorkProgressScreen), "progress")
    progress = pilot.app.screen
    assert isinstance(progress, WorkProgressScreen)
    await wait_until(pilot, lambda: not progress.running, "the report made")
    await settle(pilot)
    return progress


async def test_a_draft_is_refused_over_a_signed_report_even_after_a_yes(
    world: World,
    office_keys: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    add_finding(world)
    out = tmp_path / "followup.pdf"
    app = world.app(keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "r")
        dialog = app.screen
        assert isinstance(dialog, FollowupScreen)
        dialog.query_one("#followup-path", Input).value = str(out)
        await _press(pilot, "ctrl+s")
        ask = app.screen
        assert isinstance(ask, PassphraseScreen)
        await pilot.press(*"head-pass")
        await _press(pilot, "enter")
        progress = await _finished(pilot)
        assert progress.error is None, progress.error
        await _press(pilot, "escape")
        signed = hashlib.sha256(out.read_bytes()).hexdigest()
        recorded = world.context.findings.documents()
        assert [d.number for d in recorded] == ["監報第1号"]
        # a draft over it: the user says yes to replacing the file, still refused
        await _press(pilot, "r")
        dialog = app.screen
        assert isinstance(dialog, FollowupScreen)
        dialog.query_one("#followup-signed", Checkbox).value = False
        dialog.query_one("#followup-path", Input).value = str(out)
        await _press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "y")
        # refused in the worker: the form again, as it was, with why at the file's field
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, FollowupScreen) and app.screen is not dialog,
            "form",
        )
        again = app.screen
        assert isinstance(again, FollowupScreen)
        said = str(again.query_one("#followup-error", Label).render())
        assert "監報第1号" in said and "上書きしません" in said.replace("\n", ""), said
        assert again.query_one("#followup-path", Input).value == str(out)
        assert not again.query_one("#followup-signed", Checkbox).value
        assert again.query_one("#followup-path", Input).has_focus, app.focused
        await _press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == signed
    assert world.context.findings.documents() == recorded
