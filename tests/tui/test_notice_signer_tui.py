"""The interface follows the same rules as `report notice` (issue 13): the deadline a
notice requests is set on the finding; a configured signer who is not the inspector the
notice names is refused before any passphrase is asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from inspector.tui.screens.document_progress import NoticeProgressScreen
from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.findings import FindingsScreen

from .conftest import World
from .test_findings import SIZE, _notice, add_finding, keys_dir, open_findings, press

__all__ = ["keys_dir"]  # the fixture, shared with test_findings


async def test_the_deadline_is_set_on_the_finding_and_printed(world: World, tmp_path: Path) -> None:
    finding_id = add_finding(world)
    app = world.app(keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world)
        await press(pilot, "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        edit.query_one("#finding-deadline").value = "2031-13-01"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is edit  # not a date: said, nothing saved
        assert world.context.findings.finding(finding_id).requested_deadline is None
        edit.query_one("#finding-deadline").value = "2031/1/15"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FindingsScreen)
    finding = world.context.findings.finding(finding_id)
    assert finding.requested_deadline == date(2031, 1, 15)
    changes = world.context.findings.finding_changes(finding_id)
    assert changes[-1][2] == {"requested_deadline": "2031-01-15"}

    out = tmp_path / "draft.pdf"
    app = world.app(keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world, output_dir=tmp_path)
        await press(pilot, "d", "enter")  # 日本語, preselected
        app.screen.query_one("#prompt-input").value = str(out)  # type: ignore[attr-defined]
        await press(pilot, "enter")
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.issued is not None, progress.error
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "令和13年1月15日" in text and "案" in text


async def test_a_configured_signer_who_is_not_named_is_refused(
    world: World, keys_dir: Path, tmp_path: Path
) -> None:
    add_finding(world)
    app = world.app(keys_dir=keys_dir, signer="総務 次郎")  # the visit names 監査 太郎
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world, output_dir=tmp_path)
        await press(pilot, "n")
        assert isinstance(app.screen, FindingsScreen)  # no path, no passphrase asked
        messages = [str(n.message) for n in app._notifications]
        assert any("「総務 次郎」の鍵" in m and "「監査 太郎」" in m for m in messages), messages
    assert not list(tmp_path.glob("*.pdf"))


async def test_the_named_inspectors_key_signs(
    world: World, keys_dir: Path, tmp_path: Path, monkeypatch: object
) -> None:
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "inspector-pass")  # type: ignore[attr-defined]
    add_finding(world)
    app = world.app(keys_dir=keys_dir)
    async with app.run_test(size=SIZE) as pilot:
        _findings, path = await _notice(pilot, world, tmp_path)
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.issued is not None and progress.issued.signed, progress.error
    [document] = world.context.findings.documents(world.session_ids["completed"])
    assert document.signer == "監査 太郎" and document.number == "監第1号"
    first = "".join(PdfReader(path).pages[0].extract_text().split())
    assert first.startswith("監第1号") and "監査人監査太郎" in first


async def test_a_second_notice_asks_to_reissue_under_the_same_number(
    world: World, keys_dir: Path, tmp_path: Path, monkeypatch: object
) -> None:
    from inspector.tui.screens.confirm import ConfirmScreen
    from inspector.tui.screens.prompt import PromptScreen

    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "inspector-pass")  # type: ignore[attr-defined]
    add_finding(world)
    app = world.app(keys_dir=keys_dir)
    async with app.run_test(size=SIZE) as pilot:
        _findings, _first = await _notice(pilot, world, tmp_path)
        await press(pilot, "escape")
        second = tmp_path / "again.pdf"
        for answer in ("n", "y"):
            await press(pilot, "n", "enter")  # 日本語, preselected
            prompt = app.screen
            assert isinstance(prompt, PromptScreen)
            prompt.query_one("#prompt-input").value = str(second)  # type: ignore[attr-defined]
            await press(pilot, "enter")
            confirm = app.screen
            assert isinstance(confirm, ConfirmScreen) and "監第1号" in confirm.question
            await press(pilot, answer)
            if answer == "n":
                assert isinstance(app.screen, FindingsScreen) and not second.exists()
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.issued is not None and progress.issued.signed, progress.error
    documents = world.context.findings.documents(world.session_ids["completed"])
    assert [(d.number, d.reissue_of) for d in documents] == [
        ("監第1号", None),
        ("監第1号", documents[0].doc_id),
    ]
    assert "".join(PdfReader(second).pages[0].extract_text().split()).startswith(
        "監第1号（再発行）"
    )
