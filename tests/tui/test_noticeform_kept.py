"""The findings notice refused only in the worker, after the passphrase (the key revoked
while it was typed, the folder deleted): the path is asked again as the user typed it, the
notice's language kept, and why said in the prompt at 80x24; nothing is written or
recorded, and the path corrected makes the notice in the language chosen (noticeform)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Input, Label

from inspector.tui.screens.document_progress import NoticeProgressScreen, PassphraseScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.prompt import PromptScreen

from .conftest import World, settle, wait_until
from .drawn import screen_lines
from .test_findings import SIZE, add_finding, open_findings, press
from .test_office9a_followup import office_keys
from .test_tui14_followup import _revoked_in_a_copy

__all__ = ["office_keys"]  # the fixture, shared


async def _to_passphrase(pilot, world: World, folder: Path, out: Path) -> PromptScreen:  # type: ignore[no-untyped-def]
    """`n` on the visit's findings, English chosen for the notice, `out` typed over the
    default path: the passphrase is asked. The path prompt."""
    app = pilot.app
    await open_findings(pilot, world, output_dir=folder)
    await press(pilot, "n", "down", "enter")  # the notice in English
    prompt = app.screen
    assert isinstance(prompt, PromptScreen)
    field = prompt.query_one("#prompt-input", Input)
    assert field.value == str(folder / "notice_210_20250520_en.pdf")
    field.value = str(out)
    await press(pilot, "enter")
    assert isinstance(app.screen, PassphraseScreen)
    return prompt


async def _passphrase(pilot, first: PromptScreen) -> PromptScreen:  # type: ignore[no-untyped-def]
    """The passphrase given: the notice refused in the worker, the path asked again."""
    app = pilot.app
    await pilot.press(*"inspector-pass")
    await pilot.press("enter")
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, PromptScreen) and app.screen is not first,
        "the path asked again",
    )
    await settle(pilot)
    again = app.screen
    assert isinstance(again, PromptScreen)
    return again


def _said(prompt: PromptScreen) -> str:
    return str(prompt.query_one("#prompt-error", Label).render())


def _drawn(prompt: PromptScreen) -> str:
    return "".join(line.strip() for line in screen_lines(prompt))


async def test_a_key_revoked_while_the_passphrase_was_typed_asks_the_path_again(
    world: World, office_keys: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    add_finding(world)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "通知書_人事課.pdf"
    app = world.app(keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        first = await _to_passphrase(pilot, world, folder, out)
        _revoked_in_a_copy(app, office_keys, "監査 太郎")
        for key in (office_keys / "inspectors").glob("*.key.pem"):
            key.chmod(0o600)  # the copy's key as it was, readable by its owner only
        again = await _passphrase(pilot, first)
        assert again.query_one("#prompt-input", Input).value == str(out)
        assert again.query_one("#prompt-input", Input).has_focus
        said = _said(again)
        assert "失効" in said and "書き込まれていません" in said, said
        assert "そのまま" in said and "英語" in said, said  # the language chosen, kept
        drawn = _drawn(again)  # at 80x24, the reason whole on the screen
        assert "失効" in drawn and "英語）はそのまま" in drawn, drawn
        await press(pilot, "escape")  # as it opened again: closes at once
        assert isinstance(app.screen, FindingsScreen)
    assert list(folder.iterdir()) == []
    assert world.context.findings.documents() == []


async def test_a_folder_deleted_while_the_passphrase_was_typed_asks_the_path_again(
    world: World, office_keys: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    add_finding(world)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "notices"
    target.mkdir()
    out = target / "mine.pdf"
    app = world.app("en", keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        first = await _to_passphrase(pilot, world, folder, out)
        shutil.rmtree(target)
        again = await _passphrase(pilot, first)
        assert again.query_one("#prompt-input", Input).value == str(out)
        said = _said(again)
        assert str(target) in said.replace("\n", "") and "kept" in said, said
        assert "(English)" in said, said
        assert "kept" in _drawn(again)
        assert not target.exists() and world.context.findings.documents() == []
        # the folder made again, Enter: the notice made, in the language chosen first
        target.mkdir()
        await press(pilot, "enter")
        assert isinstance(app.screen, PassphraseScreen)
        await pilot.press(*"inspector-pass")
        await press(pilot, "enter")
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.request.doc_lang == "en" and progress.request.out == out
        assert progress.issued is not None and progress.issued.signed, progress.error
    assert [d.signer for d in world.context.findings.documents()] == ["監査 太郎"]
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Notice" in text or "notice" in text, text[:300]


async def test_a_file_made_while_the_passphrase_was_typed_asks_the_path_again(
    world: World, office_keys: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector.tui.screens.confirm import ConfirmScreen

    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    add_finding(world)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "mine.pdf"
    app = world.app(keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        first = await _to_passphrase(pilot, world, folder, out)
        out.write_bytes(b"someone else's file")
        again = await _passphrase(pilot, first)
        assert again.query_one("#prompt-input", Input).value == str(out)
        said = _said(again)
        assert "mine.pdf" in said and "そのまま" in said, said
        await press(pilot, "enter")  # the same path again: replaced only after a yes
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen) and str(out) in confirm.question
        await press(pilot, "n")
        assert isinstance(app.screen, FindingsScreen)
    assert out.read_bytes() == b"someone else's file"
    assert world.context.findings.documents() == []
