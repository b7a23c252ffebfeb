"""The notice dialog names the number ledger's lines skipped as not trusted, in the words
`inspector report notice` prints them (cli12), whether the notice is made or refused: a
refusal may follow from what the ledger holds, so the lines it did not trust are named there
too, above the refusal (tui13 item 2). Real keys, a damaged ledger line."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label

from inspector.reports.number_ledger import ledger_path
from inspector.tui.screens.document_progress import NoticeProgressScreen, NoticeRequest
from inspector.tui.screens.followup_flow import _make
from inspector.tui.screens.followup_report import FollowupChoice
from inspector.tui.screens.work_progress import WorkProgressScreen

from .conftest import TODAY, World, settle, wait_until
from .drawn import screen_lines
from .runner_setup import SIZE, press
from .test_findings import _notice, add_finding, keys_dir
from .test_office9a_followup import office_keys

__all__ = ["keys_dir", "office_keys"]  # the fixtures, shared


def _damage(keys: Path) -> None:
    """A line that does not parse: skipped (the lines before it still trusted)."""
    with ledger_path(keys).open("ab") as file:
        file.write(b"{not json\n")


def _shown(screen: NoticeProgressScreen) -> tuple[str, str]:
    ledger = screen.query_one("#notice-ledger", Label)
    said = str(ledger.render()) if ledger.display else ""
    return said, str(screen.query_one("#notice-result", Label).render())


async def test_a_notice_made_names_the_skipped_line(
    world: World, keys_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "inspector-pass")
    _damage(keys_dir)  # the ledger's only line
    add_finding(world)
    app = world.app(keys_dir=keys_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _notice(pilot, world, tmp_path)
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.issued is not None and progress.issued.signed, progress.error
        said, result = _shown(progress)
        assert said.count(f"{ledger_path(keys_dir)} の 1 行目") == 1, said
        assert "notice_210_20250520.pdf" in result


async def test_a_refused_notice_names_the_skipped_line_above_the_refusal(
    world: World, keys_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "inspector-pass")
    add_finding(world)
    app = world.app(keys_dir=keys_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _notice(pilot, world, tmp_path)  # 監第1号: the ledger's first line
        first = app.screen
        assert isinstance(first, NoticeProgressScreen) and first.issued is not None
        assert _shown(first)[0] == ""  # a sound ledger: nothing said
        await press(pilot, "escape")
        _damage(keys_dir)  # its second line
        again = tmp_path / "again.pdf"
        request = NoticeRequest(
            world.session_ids["completed"], again, "監査 太郎", b"inspector-pass", TODAY
        )  # not a re-issue: refused (the visit has its notice)
        app.push_screen(NoticeProgressScreen(app.context, request))
        await settle(pilot)
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.issued is None and progress.error is not None
        assert "監第1号" in progress.error
        said, result = _shown(progress)
        assert said.count(f"{ledger_path(keys_dir)} の 2 行目") == 1, said
        assert "監第1号" in result and "行目" not in result
        drawn = "\n".join(screen_lines(progress))  # at 80x24, above the refusal
        assert "issued_numbers.jsonl の 2" in drawn and "監第1号" in drawn, drawn
        assert drawn.index("issued_numbers.jsonl") < drawn.index("監第1号")
    assert not again.exists()


async def test_the_skipped_line_is_said_in_english_with_lang_en(
    world: World, keys_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "inspector-pass")
    _damage(keys_dir)
    add_finding(world)
    app = world.app("en", keys_dir=keys_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _notice(pilot, world, tmp_path)
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen) and progress.issued is not None
        said, _result = _shown(progress)
        assert str(ledger_path(keys_dir)) in said and "line 1" in said, said


# -- the follow-up report: its progress dialog said none of them -----------------------------


async def _followup(pilot: object, world: World, out: Path) -> WorkProgressScreen:
    app = pilot.app  # type: ignore[attr-defined]
    choice = FollowupChoice(None, False, "事務局 花子", TODAY, out, None)
    _make(app.screen, choice, b"head-pass", False)
    await wait_until(pilot, lambda: isinstance(app.screen, WorkProgressScreen), "progress")
    progress = app.screen
    assert isinstance(progress, WorkProgressScreen)
    await wait_until(pilot, lambda: not progress.running, "the report made or refused")
    await settle(pilot)
    return progress


def _work_result(progress: WorkProgressScreen) -> str:
    return str(progress.query_one("#work-result", Label).render())


async def test_a_followup_made_and_refused_names_the_skipped_line(
    world: World, office_keys: Path, tmp_path: Path
) -> None:
    add_finding(world)
    app = world.app(keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _damage(office_keys)  # the ledger's only line
        first = await _followup(pilot, world, tmp_path / "fu1.pdf")
        assert first.error is None, first.error
        said = _work_result(first)
        assert said.count(f"{ledger_path(office_keys)} の 1 行目") == 1, said
        assert "監報第1号" in said
        await press(pilot, "escape")
        again = tmp_path / "fu2.pdf"
        second = await _followup(pilot, world, again)  # the same report again: refused
        assert second.error is not None
        said = _work_result(second)
        assert said.count(f"{ledger_path(office_keys)} の 1 行目") == 1, said
        assert said.index("1 行目") < said.index(second.error.splitlines()[-1][:10])
    assert not again.exists()
