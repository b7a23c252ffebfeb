"""The follow-up report's dialog at 80x24 (tui14): only keys that can sign it are offered,
and without one the dialog says how one is issued; a key refused when the form is sent
keeps the form open with why (no CLI flag named); a no to replacing the file goes back to
the form; the date's warning names the report's 発行日 and is shown under the date before
anything is written, not after."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Label, Select

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.followup_report import FollowupScreen
from inspector.tui.screens.home import HomeScreen
from inspector.tui.screens.work_progress import WorkProgressScreen

from .conftest import World, settle, wait_until
from .runner_setup import SIZE, press, pressed
from .test_findings import add_finding


def _keys(tmp_path: Path, *, office: bool) -> Path:
    from inspector.reports.key_roles import KeyRole
    from inspector.reports.keys import init_office, issue_inspector

    folder = tmp_path / "keys"
    init_office(folder, b"office-pass")
    issue_inspector(folder, "監査 太郎", "210", b"office-pass", b"inspector-pass")
    if office:
        issue_inspector(folder, "事務局 花子", None, b"office-pass", b"p", role=KeyRole.OFFICE)
    return folder


def _said(dialog: FollowupScreen, selector: str) -> str:
    return str(dialog.query_one(selector, Label).render())


async def _open(pilot, app) -> FollowupScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    return await pressed(pilot, "r", FollowupScreen)


async def test_only_an_office_key_is_offered_and_none_says_how_to_issue_one(
    world: World, tmp_path: Path
) -> None:
    app = world.app(keys_dir=_keys(tmp_path, office=False), signer="監査 太郎")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open(pilot, app)
        assert dialog.signers == []  # the inspector's key (even configured) cannot sign it
        assert not dialog.query("#followup-signer")
        assert not dialog.query_one("#followup-signed", Checkbox).value
        hint = _said(dialog, "#followup-no-signer")
        assert "事務局の鍵" in hint and "inspector keys issue" in hint, hint
        assert "--" not in hint


async def test_a_key_refused_when_sent_keeps_the_form_open_with_why(
    world: World, tmp_path: Path
) -> None:
    from inspector.reports.key_folder import inspector_paths

    keys = _keys(tmp_path, office=True)
    out = tmp_path / "followup.pdf"
    app = world.app(keys_dir=keys)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open(pilot, app)
        assert dialog.signers == ["事務局 花子"]
        assert dialog.query_one("#followup-signer", Select).value == "事務局 花子"
        dialog.query_one("#followup-path", Input).value = str(out)
        # the office key's certificate replaced by an inspector's while the form was open
        office_cert = inspector_paths(keys, "事務局 花子")[0]
        shutil.copyfile(inspector_paths(keys, "監査 太郎")[0], office_cert)
        await press(pilot, "ctrl+s")
        assert app.screen is dialog and not out.exists()
        said = _said(dialog, "#followup-error")
        assert "事務局 花子" in said and "事務局の鍵" in said, said
        assert "--" not in said
        assert dialog.query_one("#followup-path", Input).value == str(out)  # nothing lost
        assert dialog.query_one("#followup-signer", Select).has_focus


async def test_no_to_replacing_the_file_goes_back_to_the_form(world: World, tmp_path: Path) -> None:
    out = tmp_path / "draft.pdf"
    out.write_bytes(b"the office's own file")
    app = world.app(keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open(pilot, app)
        dialog.query_one("#followup-edition", Select).value = "internal"
        dialog.query_one("#followup-path", Input).value = str(out)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is dialog
        assert dialog.query_one("#followup-path", Input).value == str(out)
        assert dialog.query_one("#followup-edition", Select).value == "internal"
        assert out.read_bytes() == b"the office's own file"


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_the_date_warning_names_the_report_and_comes_before_writing(
    world: World, tmp_path: Path, lang: str
) -> None:
    add_finding(world)
    out = tmp_path / "draft.pdf"
    app = world.app(lang, keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open(pilot, app)
        warning = dialog.query_one("#followup-date-warning", Label)
        assert not warning.display  # 2025-06-02 is a Monday
        dialog.query_one("#followup-date", Input).value = "2025-05-31"  # a Saturday
        await settle(pilot)
        said = _said(dialog, "#followup-date-warning")
        assert warning.display and warning.region.height > 0
        if lang == "ja":
            assert "措置状況報告の発行日" in said and "土曜日" in said, said
            assert "通知書" not in said
        else:
            assert "follow-up report" in said and "notice" not in said, said
        dialog.query_one("#followup-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        progress = app.screen
        await wait_until(pilot, lambda: isinstance(app.screen, WorkProgressScreen), "progress")
        progress = app.screen
        assert isinstance(progress, WorkProgressScreen)
        await wait_until(pilot, lambda: not progress.running, "the draft made")
        assert progress.error is None, progress.error
        await press(pilot, "escape")
        notes = [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]
        assert not any("通知書" in n or "notice" in n for n in notes), notes
        assert not any("土曜" in n or "Saturday" in n for n in notes), notes
    assert out.exists()


def _revoked_in_a_copy(app, keys: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """`name` revoked at the office (database and list), its key still in this copy of the
    keys folder (a laptop's, or a folder copied before the revocation)."""
    from inspector.services.revocation.revoke import plan_revocation, revoke

    before = {p.name: p.read_bytes() for p in (keys / "inspectors").glob("*.pem")}
    plan = plan_revocation(app.context, name)
    revoke(app.context, plan, b"office-pass", reason="退職のため", reason_code="key-compromise")
    for file_name, data in before.items():
        (keys / "inspectors" / file_name).write_bytes(data)


async def test_a_revoked_key_is_not_offered(world: World, tmp_path: Path) -> None:
    keys = _keys(tmp_path, office=True)
    app = world.app(keys_dir=keys)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _revoked_in_a_copy(app, keys, "事務局 花子")
        dialog = await _open(pilot, app)
        assert dialog.signers == []


async def test_a_key_revoked_while_the_form_is_open_keeps_the_form(
    world: World, tmp_path: Path
) -> None:
    keys = _keys(tmp_path, office=True)
    out = tmp_path / "followup.pdf"
    app = world.app(keys_dir=keys)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open(pilot, app)
        assert dialog.signers == ["事務局 花子"]
        dialog.query_one("#followup-path", Input).value = str(out)
        _revoked_in_a_copy(app, keys, "事務局 花子")
        await press(pilot, "ctrl+s")
        assert app.screen is dialog and not out.exists()  # before any passphrase is asked
        said = _said(dialog, "#followup-error")
        assert "事務局 花子" in said and "失効" in said, said
        assert dialog.query_one("#followup-path", Input).value == str(out)
