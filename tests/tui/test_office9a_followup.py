"""The follow-up report (措置状況報告) from the interface (office9a): `r` on home (and the
palette: 「報告」 finds it) asks what `report followup` takes, the signer's passphrase in the
notice's dialog, and makes the report in a worker; the PDF is numbered 監報第N号, signed
and verifies. The CLI's date rules hold: a signed report dated after today is refused in
the dialog, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Checkbox, Input, Label

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.document_progress import PassphraseScreen
from inspector.tui.screens.followup_report import FollowupScreen
from inspector.tui.screens.home import HomeScreen
from inspector.tui.screens.work_progress import WorkProgressScreen

from .conftest import World, settle, wait_until
from .test_findings import add_finding

SIZE = (80, 24)


@pytest.fixture
def office_keys(tmp_path: Path) -> Path:
    """An inspector's key (notices) and the office's key (follow-up reports)."""
    from inspector.reports.key_roles import KeyRole
    from inspector.reports.keys import init_office, issue_inspector

    folder = tmp_path / "keys"
    init_office(folder, b"office-pass")
    issue_inspector(folder, "監査 太郎", "210", b"office-pass", b"inspector-pass")
    issue_inspector(folder, "事務局 花子", None, b"office-pass", b"head-pass", role=KeyRole.OFFICE)
    return folder


async def _press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*text)
    await settle(pilot)


def _text(path: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


async def test_a_signed_follow_up_report_from_home(
    world: World, office_keys: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Select

    from inspector.reports.keys import load_root
    from inspector.reports.verify import verify_pdf

    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    add_finding(world)
    out = tmp_path / "followup.pdf"
    app = world.app(keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await _press(pilot, "r")
        dialog = app.screen
        assert isinstance(dialog, FollowupScreen)
        assert dialog.query_one("#followup-signed", Checkbox).value
        signer = dialog.query_one("#followup-signer", Select)
        assert signer.value == "事務局 花子"  # the office's key, the only one offered (tui14)
        assert dialog.signers == ["事務局 花子"]
        path = dialog.query_one("#followup-path", Input)
        assert path.value.endswith("followup_all_20250602.pdf")  # as the CLI names it
        path.value = str(out)
        dialog.query_one("#followup-date", Input).value = "2025-06-03"  # after today
        await _press(pilot, "ctrl+s")
        assert app.screen is dialog
        said = str(dialog.query_one("#followup-error", Label).render())
        assert "令和7年6月3日" in said, said
        dialog.query_one("#followup-date", Input).value = "令和7年6月2日"
        await _press(pilot, "ctrl+s")
        ask = app.screen
        assert isinstance(ask, PassphraseScreen) and ask.signer == "事務局 花子"
        await _type(pilot, "wrong-pass")
        await _press(pilot, "enter")
        await wait_until(pilot, lambda: not ask._checking, "the passphrase checked")
        await settle(pilot)
        assert app.screen is ask and not out.exists()  # asked again in place
        await _type(pilot, "head-pass")
        await _press(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkProgressScreen), "progress")
        progress = app.screen
        assert isinstance(progress, WorkProgressScreen)
        await wait_until(pilot, lambda: not progress.running, "the report made")
        await settle(pilot)
        assert progress.error is None, progress.error
        result = str(progress.query_one("#work-result", Label).render()).replace("\n", "")
        assert "監報第1号" in result and str(out) in result
        await _press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    text = _text(out)
    assert "監報第1号" in text and "措置状況" in text and "パスワードの定期変更" in text
    [document] = [d for d in world.context.findings.documents() if d.number == "監報第1号"]
    assert document.signer == "事務局 花子"

    def lookup(doc_id: str) -> str | None:
        found = world.context.findings.document(doc_id)
        return found.content_hash if found else None

    verified = verify_pdf(out.read_bytes(), load_root(office_keys), lookup)
    assert verified.valid, verified.message
    assert verified.signer == "事務局 花子"


async def test_a_draft_asks_before_replacing_and_is_found_in_the_palette(
    world: World, tmp_path: Path
) -> None:
    from inspector.tui.commands import InspectorCommands  # noqa: F401  (the palette's provider)

    add_finding(world)
    out = tmp_path / "draft.pdf"
    out.write_bytes(b"the office's own file")
    app = world.app(keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.palette_commands(app.screen)]
        assert any("報告" in title for title in titles), titles
        await _press(pilot, "r")
        dialog = app.screen
        assert isinstance(dialog, FollowupScreen)
        assert not dialog.query_one("#followup-signed", Checkbox).value  # no key: a draft
        dialog.query_one("#followup-path", Input).value = str(out)
        await _press(pilot, "ctrl+s")
        ask = app.screen
        assert isinstance(ask, ConfirmScreen) and str(out) in ask.question
        await _press(pilot, "n")
        assert out.read_bytes() == b"the office's own file"
        assert app.screen is dialog  # back to the form (tui14)
        assert dialog.query_one("#followup-path", Input).value == str(out)
        await _press(pilot, "ctrl+s", "y")
        progress = app.screen
        assert isinstance(progress, WorkProgressScreen)
        await wait_until(pilot, lambda: not progress.running, "the draft made")
        assert progress.error is None, progress.error
        assert "下書き" in str(progress.query_one("#work-result", Label).render())
    assert "案" in _text(out) or "下書き" in _text(out)
    assert not [d for d in world.context.findings.documents() if d.kind == "followup"]
