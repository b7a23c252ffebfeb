"""A follow-up report refused only in the worker, after the passphrase (the key revoked
meanwhile, the folder gone): the dialog opens again with every field as the user left it
and why at the field it concerns, as a refusal before the passphrase does; nothing is
written or recorded (dedup)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Label, Select

from inspector.tui.screens.document_progress import PassphraseScreen
from inspector.tui.screens.followup_report import FollowupScreen
from inspector.tui.screens.home import HomeScreen

from .conftest import World, settle, wait_until
from .runner_setup import SIZE, press, pressed
from .test_findings import add_finding
from .test_office9a_followup import office_keys
from .test_tui14_followup import _revoked_in_a_copy

__all__ = ["office_keys"]  # the fixture, shared


@pytest.fixture
def signing(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """A finding to report; the passphrase asked in the dialog, not taken from the
    environment."""
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    add_finding(world)
    return world


async def _fill(pilot, out: Path) -> FollowupScreen:  # type: ignore[no-untyped-def]
    """The dialog from home, every field changed from what it opened with, then sent: the
    passphrase is asked."""
    app = pilot.app
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    dialog = await pressed(pilot, "r", FollowupScreen)
    dialog.query_one("#followup-organization", Select).value = "210"
    dialog.query_one("#followup-edition", Select).value = "internal"
    dialog.query_one("#followup-date", Input).value = "2025-05-30"
    await settle(pilot)
    dialog.query_one("#followup-path", Input).value = str(out)
    await pressed(pilot, "ctrl+s", PassphraseScreen)
    return dialog


async def _passphrase(pilot, first: FollowupScreen) -> FollowupScreen:  # type: ignore[no-untyped-def]
    """The passphrase given: the report refused in the worker, the dialog again."""
    app = pilot.app
    await pilot.press(*"head-pass")
    await pilot.press("enter")
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, FollowupScreen) and app.screen is not first,
        "the form again",
    )
    await settle(pilot)
    again = app.screen
    assert isinstance(again, FollowupScreen)
    return again


def _kept(dialog: FollowupScreen, out: Path, *, signed: bool = True) -> None:
    """The fields as left; `signed` False: no key can sign it now, the box unticked (and
    why on it: noticeform)."""
    assert dialog.query_one("#followup-organization", Select).value == "210"
    assert dialog.query_one("#followup-edition", Select).value == "internal"
    assert dialog.query_one("#followup-date", Input).value == "2025-05-30"
    assert dialog.query_one("#followup-path", Input).value == str(out)
    assert dialog.query_one("#followup-signed", Checkbox).value is signed


def _said(dialog: FollowupScreen) -> str:
    return str(dialog.query_one("#followup-error", Label).render())


async def test_a_key_revoked_while_the_passphrase_was_typed_gives_the_form_back(
    signing: World, office_keys: Path, tmp_path: Path
) -> None:
    world = signing
    out = tmp_path / "followup.pdf"
    app = world.app(keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        first = await _fill(pilot, out)
        _revoked_in_a_copy(app, office_keys, "事務局 花子")
        again = await _passphrase(pilot, first)
        _kept(again, out, signed=False)  # the only key revoked: a draft, said on the box
        box = str(again.query_one("#followup-signed", Checkbox).label)
        assert "鍵がないため" in box, box
        said = _said(again)
        assert "事務局 花子" in said and "失効" in said and "そのまま" in said, said
        assert again.query_one("#followup-signed", Checkbox).has_focus  # its key not offered
        await press(pilot, "escape")  # nothing changed since it opened again: closes
        assert isinstance(app.screen, HomeScreen)
    assert not out.exists() and list(tmp_path.glob("followup*")) == []
    assert [d.kind for d in world.context.findings.documents()] == []


async def test_a_folder_gone_while_the_passphrase_was_typed_gives_the_form_back(
    signing: World, office_keys: Path, tmp_path: Path
) -> None:
    world = signing
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "followup.pdf"
    app = world.app("en", keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        first = await _fill(pilot, out)
        shutil.rmtree(folder)
        again = await _passphrase(pilot, first)
        _kept(again, out)
        assert again.query_one("#followup-signer", Select).value == "事務局 花子"
        said = _said(again)
        assert str(folder) in said.replace("\n", "") and "kept" in said, said
        assert again.query_one("#followup-path", Input).has_focus
    assert not folder.exists()
    assert world.context.findings.documents() == []
