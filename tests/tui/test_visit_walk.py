"""Issue 14's test: a whole visit at 80x24 as an inspector walks it, by keys only, checking
what the screen shows at each step (header, footer, the dialogs' save hints): start a visit
of juki-department at 市民課, answer every item with reasons, a note and findings, write the
same item's finding again (it opens the one there is), withdraw a finding, complete, and
make the notice, which carries the finding kept and not the one withdrawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector.domain.catalog import ChecklistCatalog
from inspector.resources import shipped_checklists_dir
from inspector.tui.app import InspectorApp
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.doc_language import DocLanguageScreen
from inspector.tui.screens.document_progress import NoticeProgressScreen
from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.home import HomeScreen
from inspector.tui.screens.new_session import NewSessionScreen
from inspector.tui.screens.note import NoteScreen
from inspector.tui.screens.prompt import PromptScreen
from inspector.tui.screens.reasons import ReasonsScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.summary import SummaryScreen
from tests.tui.drawn import screen_lines

from .conftest import TODAY, World, settle, wait_until

SIZE = (80, 24)
CHECKLIST = "juki-department"


def visit_app(world: World, tmp_path: Path) -> InspectorApp:
    shipped = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    context = world.new_context(keys_dir=tmp_path / "no-keys")
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, shipped.get(CHECKLIST)])
    return InspectorApp(context, today=TODAY)


def lines(app: InspectorApp) -> list[str]:
    return screen_lines(app.screen)


def screen_text(app: InspectorApp) -> str:
    return "\n".join(lines(app))


def footer(app: InspectorApp) -> str:
    return lines(app)[-1]


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*text)
    await settle(pilot)


def assert_hint(app: InspectorApp, *words: str) -> None:
    """The dialog's line saying how to save and cancel is on screen (not below the fold)."""
    text = screen_text(app)
    for word in words:
        assert word in text, f"{word!r} not shown:\n{text}"


async def start_visit(pilot, app: InspectorApp) -> RunnerScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    assert "n 新規監査" in screen_text(app)
    await press(pilot, "n")
    assert isinstance(app.screen, NewSessionScreen)
    assert "1/3" in screen_text(app)
    await type_text(pilot, "110")
    await press(pilot, "enter")
    assert "2/3" in screen_text(app)
    await type_text(pilot, CHECKLIST)
    await press(pilot, "enter")
    assert "3/3" in screen_text(app)
    await press(pilot, "enter")  # no respondent: the visit of the organization
    runner = app.screen
    assert isinstance(runner, RunnerScreen)
    return runner


def progress(runner: RunnerScreen) -> tuple[int, int]:
    assert runner.model is not None
    counts = runner.model.progress()
    return counts.answered, counts.applicable


async def test_a_whole_visit_at_80x24(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the notice is proposed in the current folder
    app = visit_app(world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        runner = await start_visit(pilot, app)
        answered, applicable = progress(runner)
        assert answered == 0 and applicable > 20
        header = lines(app)[:2]
        assert "市民課" in header[0]
        assert f"回答 0/{applicable}" in header[1] and "不遵守 0" in header[1]
        assert "1 遵守" in footer(app) and "2 不遵守" in footer(app)

        # d-01 broken, with a reason, a note and a finding
        first = runner.current_item_id
        await press(pilot, "2", "k")
        assert runner.current_item_id == first
        assert "不遵守 1" in lines(app)[1]
        await press(pilot, "r")
        assert isinstance(app.screen, ReasonsScreen)
        assert_hint(app, "Ctrl+S：保存", "Esc")
        await press(pilot, "space", "ctrl+s")
        assert isinstance(app.screen, RunnerScreen)
        assert "f 指摘" in footer(app) and "はい" not in footer(app)
        await press(pilot, "e")
        assert isinstance(app.screen, NoteScreen)
        assert_hint(app, "Ctrl+S", "Esc")
        await type_text(pilot, "kacho fuzai")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "f")
        assert isinstance(app.screen, FindingEditScreen)
        assert_hint(app, "Ctrl+S で保存", "Esc")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RunnerScreen)
        # `f` again on the same item opens its finding: no duplicate
        await press(pilot, "f")
        assert isinstance(app.screen, FindingEditScreen)
        assert "指摘を編集" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, RunnerScreen)

        # the next item compliant, the one after broken with a finding (withdrawn later)
        await press(pilot, "j", "1", "2", "k", "f")
        assert isinstance(app.screen, FindingEditScreen)
        await press(pilot, "ctrl+s")
        await press(pilot, "j")
        # every other item compliant, by keys
        for _ in range(applicable):
            if progress(runner)[0] == applicable:
                break
            await press(pilot, "g", "1")
        assert progress(runner) == (applicable, applicable)
        assert f"回答 {applicable}/{applicable}" in lines(app)[1]
        assert "不遵守 2" in lines(app)[1]

        # the summary, then complete
        await press(pilot, "s")
        assert isinstance(app.screen, SummaryScreen)
        assert "c 完了" in footer(app) or "完了" in footer(app)
        await press(pilot, "c")
        # a 不遵守 with no reason given: asked first (walk7b N4)
        assert isinstance(app.screen, ConfirmScreen)
        assert "要因が記入されていません" in app.screen.question
        await press(pilot, "y")
        assert "完了" in lines(app)[1]
        await press(pilot, "escape")
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)

        # the findings of the visit: withdraw the second one with a reason
        await press(pilot, "f")
        findings = app.screen
        assert isinstance(findings, FindingsScreen)
        assert "x 取下げ" in footer(app) and "n 通知書" in footer(app)
        assert findings.data is not None and len(findings.data.rows) == 2
        await press(pilot, "down", "x")
        assert isinstance(app.screen, PromptScreen)
        assert_hint(app, "Enter", "Esc")
        await type_text(pilot, "duplicate")
        await press(pilot, "enter")
        assert isinstance(app.screen, FindingsScreen)
        assert "［取下げ］" in screen_text(app)

        # the notice (an unsigned draft: no keys here), without the withdrawn finding
        await press(pilot, "d")
        assert isinstance(app.screen, DocLanguageScreen)  # 日本語 preselected
        assert "日本語" in screen_text(app) and "English" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, PromptScreen)
        target = tmp_path / "notice.pdf"
        app.screen.query_one("#prompt-input").value = str(target)  # type: ignore[attr-defined]
        await press(pilot, "enter")
        if isinstance(app.screen, ConfirmScreen):
            await press(pilot, "y")
        progress_screen = app.screen
        assert isinstance(progress_screen, NoticeProgressScreen)
        assert progress_screen.issued is not None, progress_screen.error

        # the dialog's last repaint (a screen refresh, not a worker): the saved path whole,
        # wrapped
        def drawn_whole() -> bool:
            return str(target) in "".join(ln.strip().strip("█").strip() for ln in lines(app))

        await wait_until(pilot, drawn_whole, lambda: f"{target} drawn whole:\n{screen_text(app)}")
        assert "Esc" in screen_text(app)
    session_id = max(s.id for s in world.repo.sessions())
    kept, withdrawn = world.context.findings.findings(session_id=session_id, include_withdrawn=True)
    assert not kept.withdrawn and withdrawn.withdrawn_reason == "duplicate"
    text = "".join("".join(p.extract_text() for p in PdfReader(target).pages).split())
    # the notice states the deficiency (the finding's text), not the item's norm (its title)
    kept_text = "".join(kept.text.split())[:12]
    assert kept_text in text
    if "".join(withdrawn.text.split()) != "".join(kept.text.split()):
        assert "".join(withdrawn.text.split())[:12] not in text
    else:  # the duplicate of the same item: printed once
        assert text.count(kept_text) == 1
