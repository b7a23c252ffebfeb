"""Defects found walking the screens at 80x24 (visit5a): a finding on a signed notice,
measure entries' dates and recorder, dialogs' errors and Esc, F1."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from inspector.domain.findings import MeasureStatus
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.measure_entry import MeasureEntryScreen
from inspector.tui.screens.plan_detail import PlanDetailScreen

from .conftest import TODAY, World, settle
from .test_findings import SIZE, add_finding, open_findings, press


def _issue_notice(world: World, session_key: str = "completed") -> None:
    """Record a signed notice for the visit, as `report notice` does."""
    world.context.findings.record_document(
        doc_id="N-TEST-1",
        kind="notice",
        content_hash="0" * 64,
        issued_by="tester",
        session_id=world.session_ids[session_key],
        signer="tester",
        number=("監第7号", 2025, 7),
    )


async def test_a_finding_on_an_issued_notice_warns_and_asks_before_saving(world: World) -> None:
    finding_id = add_finding(world)
    _issue_notice(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world)
        await press(pilot, "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        title = edit.query_one("#finding-title", Input)
        # the cursor at the end, nothing selected: a stray key adds, never replaces
        assert title.selection.is_empty and title.cursor_position == len(title.value)
        await press(pilot, "n")
        assert title.value == "パスワードの定期変更n"
        said = str(edit.query_one("#finding-issued").render())
        assert "監第7号" in said and "再発行" in said
        await press(pilot, "ctrl+s")
        ask = app.screen
        assert isinstance(ask, ConfirmScreen) and "再発行" in ask.question
        await press(pilot, "n")  # stay: nothing saved, the typed text kept
        assert app.screen is edit and title.value == "パスワードの定期変更n"
        assert world.context.findings.finding(finding_id).title == "パスワードの定期変更"
        await press(pilot, "ctrl+s", "y")
        assert isinstance(app.screen, FindingsScreen)
    assert world.context.findings.finding(finding_id).title == "パスワードの定期変更n"


async def test_a_finding_on_no_notice_saves_without_asking(world: World) -> None:
    finding_id = add_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world)
        await press(pilot, "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        assert not edit.query("#finding-issued")
        await press(pilot, "x", "ctrl+s")
        assert isinstance(app.screen, FindingsScreen)
    assert world.context.findings.finding(finding_id).title == "パスワードの定期変更x"


async def _entry_dialog(pilot, world: World, finding_id: int) -> MeasureEntryScreen:  # type: ignore[no-untyped-def]
    store = world.context.findings
    store.add_plan(
        finding_id,
        measures="周知する",
        responsible_organization_id=world.org_ids["210"],
        responsible_person="鈴木",
        deadline=TODAY,
        actor="tester",
    )
    await open_findings(pilot, world)
    await press(pilot, "p")
    assert isinstance(pilot.app.screen, PlanDetailScreen)
    await press(pilot, "a")
    entry = pilot.app.screen
    assert isinstance(entry, MeasureEntryScreen)
    return entry


async def test_a_measure_entry_after_today_is_refused_and_kept(world: World) -> None:
    finding_id = add_finding(world)
    app = world.app(inspector_name="監査 太郎")
    async with app.run_test(size=SIZE) as pilot:
        entry = await _entry_dialog(pilot, world, finding_id)
        entry.query_one("#entry-date", Input).value = "R7.6.3"  # TODAY is 令和7年6月2日
        entry.query_one("#entry-text", TextArea).text = "周知した"
        await press(pilot, "ctrl+s")
        assert app.screen is entry
        assert "今日より後" in str(entry.query_one("#entry-error").render())
        assert entry.query_one("#entry-text", TextArea).text == "周知した"
        [plan] = world.context.findings.plans_for(finding_id)
        assert plan.entries == ()
        entry.query_one("#entry-date", Input).value = "R7.6.2"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PlanDetailScreen)
    [plan] = world.context.findings.plans_for(finding_id)
    # the recorder is the configured inspector, not the login name (`user`)
    assert [(e.status, e.recorded_by) for e in plan.entries] == [
        (MeasureStatus.ONGOING, "監査 太郎")
    ]


async def test_esc_in_a_measure_entry_with_text_asks_first(world: World) -> None:
    finding_id = add_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        entry = await _entry_dialog(pilot, world, finding_id)
        await pilot.press(*"shuuchi")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is entry
        assert entry.query_one("#entry-text", TextArea).text == "shuuchi"


def test_the_service_refuses_a_future_entry(world: World, tmp_path: Path) -> None:
    from datetime import timedelta

    import pytest

    from inspector.domain.business_days import japan_today
    from inspector.services.measure_entries import add_measure_entry

    finding_id = add_finding(world)
    plan = world.context.findings.add_plan(
        finding_id,
        measures="周知する",
        responsible_organization_id=world.org_ids["210"],
        responsible_person="鈴木",
        deadline=TODAY,
        actor="tester",
    )
    later = japan_today() + timedelta(days=1)
    with pytest.raises(ValueError):
        add_measure_entry(world.context, plan.id, MeasureStatus.DONE, later, "x")
    assert world.context.findings.plans_for(finding_id)[0].entries == ()


async def test_the_plan_dialogs_deadline_error_is_shown_whole(world: World) -> None:
    from inspector.tui.screens.plan_detail import PlanEditScreen
    from tests.tui.drawn import screen_lines

    # a subject on two lines: the dialog is taller than the terminal
    add_finding(
        world,
        title="サーバ室の入退室管理簿が記録されておらず、鍵の貸出も管理されていない状況が続いている",
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world)
        await press(pilot, "p")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        edit.query_one("#plan-person", Input).value = "鈴木 次郎"
        edit.query_one("#plan-deadline", Input).value = "R9.2.30"
        await press(pilot, "ctrl+s")
        drawn = "".join(line.strip() for line in screen_lines(edit))
        assert "R9.3.31" in drawn and "実在する日付を入力してください。" in drawn


async def test_f1_opens_the_help_everywhere(world: World) -> None:
    from inspector.tui.screens.help import HelpScreen

    add_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)  # home
        await press(pilot, "escape")
        await open_findings(pilot, world)
        await press(pilot, "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)  # a text field focused
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        assert app.screen is edit
        assert edit.query_one("#finding-title", Input).value == "パスワードの定期変更"
        await press(pilot, "escape")  # nothing typed: closes
        app.open_runner(world.session_ids["open"])
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)


async def test_f_again_in_the_layout_opens_the_finding_not_a_duplicate(
    world: World, visit_session: int
) -> None:
    from inspector.tui.screens.layout_editor import LayoutEditorScreen

    sid = visit_session
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = LayoutEditorScreen(app.context, sid)
        app.push_screen(editor)
        await settle(pilot)
        await pilot.press("1", "space", "right", "2", "space")  # a desk beside a rack
        await press(pilot, "n", "f", "enter")  # the rule marked, confirmed
        assert isinstance(app.screen, FindingEditScreen)  # the new finding, shown (walk10)
        await press(pilot, "escape")
        assert app.screen is editor
        [first] = world.context.findings.findings(session_id=sid)
        await press(pilot, "f", "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen) and edit.finding is not None
        assert edit.finding.id == first.id
        assert f"#{first.id}" in str(edit.query_one("#finding-notice").render())
        await press(pilot, "escape")
        assert app.screen is editor
        await press(pilot, "f", "enter", "escape", "f", "enter")  # quickly again: still one
    assert [f.id for f in world.context.findings.findings(session_id=sid)] == [first.id]


async def _escape_asks(pilot, dialog, typed) -> None:  # type: ignore[no-untyped-def]
    """Esc after `typed` asks; n stays with the text; Esc with nothing changed closes."""
    app = pilot.app
    await press(pilot, "escape")
    ask = app.screen
    assert isinstance(ask, ConfirmScreen), type(dialog).__name__
    await press(pilot, "n")
    assert app.screen is dialog
    typed()
    await press(pilot, "escape", "y")
    assert app.screen is not dialog and not isinstance(app.screen, ConfirmScreen)


async def test_esc_in_free_text_dialogs_asks_before_discarding(world: World) -> None:
    from inspector.domain.model import AnswerState
    from inspector.tui.screens.evidence import EvidenceScreen
    from inspector.tui.screens.prompt import PromptScreen
    from inspector.tui.screens.reasons import ReasonsScreen

    item = next(i for i in world.checklist.items if i.reasons)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialogs = [
            (ReasonsScreen(app.context, item, AnswerState(value="noncompliant")), "#reasons-text"),
            (EvidenceScreen(app.context, ()), "#evidence-text"),
            (PromptScreen(app.context, "理由", required=True), "#prompt-input"),
        ]
        for dialog, field in dialogs:
            app.push_screen(dialog)
            await settle(pilot)
            widget = dialog.query_one(field)
            widget.focus()
            await pilot.press(*"riyuu")
            await settle(pilot)
            text = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
            assert "riyuu" in text
            await _escape_asks(pilot, dialog, lambda: None)
        # a reason picked (no text typed) is a change too
        reasons = ReasonsScreen(app.context, item, AnswerState(value="noncompliant"))
        app.push_screen(reasons)
        await settle(pilot)
        reasons.query_one("#reasons-list").focus()
        await press(pilot, "1")
        await _escape_asks(pilot, reasons, lambda: None)
        # nothing changed: Esc closes at once
        untouched = EvidenceScreen(app.context, ("a.pdf",))
        app.push_screen(untouched)
        await press(pilot, "escape")
        assert app.screen is not untouched and not isinstance(app.screen, ConfirmScreen)


async def test_esc_in_the_plan_dialog_asks_before_discarding(world: World) -> None:
    from inspector.tui.screens.plan_detail import PlanEditScreen

    add_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world)
        await press(pilot, "p")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        await pilot.press(*"tsuika")
        await _escape_asks(pilot, edit, lambda: None)


async def test_the_palette_opens_the_settings_and_the_name_is_changed(
    world: World, tmp_path: Path, monkeypatch: object
) -> None:
    import tomllib

    from inspector.tui.screens.inspector_setup import InspectorSetupScreen

    config = tmp_path / "config.toml"
    config.write_text('inspector_name = "監査 太郎"\n', encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))  # type: ignore[attr-defined]
    app = world.app(inspector_name="監査 太郎")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [command] = [c for c in app.palette_commands(app.screen) if c.name == "settings: edit"]
        assert command.title.startswith("設定")
        command.callback()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, InspectorSetupScreen)
        name = dialog.query_one("#setup-inspector_name", Input)
        assert name.value == "監査 太郎"
        name.value = "監査 花子"
        await press(pilot, "escape")  # typed: asks, stays on n
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n", "ctrl+s")
        assert not isinstance(app.screen, InspectorSetupScreen)
    saved = tomllib.loads(config.read_text(encoding="utf-8"))
    assert saved["inspector_name"] == "監査 花子"
    assert app.context.settings.inspector_name == "監査 花子"


async def test_signing_a_notice_with_unanswered_items_asks_first(
    world: World, tmp_path: Path, monkeypatch: object
) -> None:
    from dataclasses import replace
    from datetime import date

    from inspector.domain.model import Role, SessionKind
    from inspector.reports.keys import init_office, issue_inspector
    from inspector.tui.screens.document_progress import PassphraseScreen
    from inspector.tui.screens.prompt import PromptScreen

    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)  # type: ignore[attr-defined]
    keys = tmp_path / "keys"
    init_office(keys, b"office-pass")
    issue_inspector(keys, "監査 太郎", "210", b"office-pass", b"inspector-pass")
    session = world.repo.start_session(
        world.checklist,
        world.org_ids["210"],
        role=Role.HEAD,
        kind=SessionKind.INSPECTION,
        respondent_id=world.person_ids["B001"],
        inspector_name="監査 太郎",
        session_date=date(2025, 5, 27),
    )
    world.repo.save_answer(
        session.id, "c-02", lambda old: replace(old, value="noncompliant"), "tester"
    )
    world.session_ids["partial"] = session.id
    add_finding(world, "partial")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    app = world.app(keys_dir=keys)
    async with app.run_test(size=SIZE) as pilot:
        findings = await open_findings(pilot, world, "partial", output_dir=out_dir)
        await press(pilot, "n", "enter")  # 日本語, preselected
        assert isinstance(app.screen, PromptScreen)
        await press(pilot, "enter")
        ask = app.screen
        assert isinstance(ask, ConfirmScreen) and "未回答" in ask.question
        await press(pilot, "n")
        assert app.screen is findings  # nothing asked further, nothing written
        await press(pilot, "n", "enter", "enter", "y")  # 日本語, the path, yes
        assert isinstance(app.screen, PassphraseScreen)
    assert list(out_dir.iterdir()) == []


async def test_the_palette_lists_the_screens_commands_first(world: World) -> None:
    from inspector.tui.commands import InspectorCommands

    add_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        findings = await open_findings(pilot, world)
        provider = InspectorCommands(findings)
        found = [hit async for hit in provider.discover()]
        # the findings screen's 通知書 is on the palette's first screenful at 80x24
        first = [str(hit.display) for hit in found[:10]]
        assert any("通知書" in title for title in first), first
        hits = [hit async for hit in provider.search("通知書")]
        assert hits
