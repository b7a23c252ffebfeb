"""Issue 14 at 80x24: what a new user met walking a whole visit, each checked on the screen
as drawn (`tests/tui/drawn.py`)."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.hearing import HEARING_CHECKLIST_ID
from inspector.domain.model import Role, SessionKind
from inspector.resources import shipped_checklists_dir
from inspector.tui.app import InspectorApp
from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.summary import SummaryScreen
from tests.tui.drawn import screen_lines

from .conftest import SAMPLE, TODAY, World, settle, wait_until
from .test_hearing import make_app, open_hearing

SIZE = (80, 24)


@pytest.fixture(scope="module")
def shipped() -> ChecklistCatalog:
    """The shipped checklists (the hearing, juki-department, ...)."""
    return ChecklistCatalog.from_folders([shipped_checklists_dir()])


@pytest.fixture(scope="module")
def hearing_catalog(shipped: ChecklistCatalog) -> ChecklistCatalog:
    return ChecklistCatalog([shipped.get(HEARING_CHECKLIST_ID)])


def drawn(app: InspectorApp) -> str:
    return "\n".join(screen_lines(app.screen))


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def hearing_checklist() -> Checklist:
    """The sample as a person checklist: "yes" to 設問 h-01 (told someone the password)
    is the broken answer, as consolidation counts it."""
    data = copy.deepcopy(SAMPLE)
    data["id"] = "tui-hearing"
    data["unit"] = "respondent"
    return Checklist.model_validate(data)


def hearing_app(world: World) -> tuple[InspectorApp, int]:
    hearing = hearing_checklist()
    session = world.repo.start_session(
        hearing,
        world.org_ids["110"],
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        respondent_id=world.person_ids["A002"],
        inspector_name="監査 太郎",
        session_date=date(2025, 6, 2),
    )
    context = world.new_context()
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, hearing])
    return InspectorApp(context, today=TODAY), session.id


# -- point 2: one rule for "broken" ---------------------------------------------------------


async def test_hearing_yes_counts_as_broken_in_header_summary_and_finding(world: World) -> None:
    app, session_id = hearing_app(world)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(session_id)
        await settle(pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        while runner.current_item_id != "h-01":
            await press(pilot, "j")
        await press(pilot, "y")
        assert "不遵守 1" in drawn(app)
        await press(pilot, "k", "f")
        assert isinstance(app.screen, FindingEditScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "s")
        assert isinstance(app.screen, SummaryScreen)
        screen = drawn(app)
        assert "不遵守 1" in screen
        assert "自分のパスワードを他人に教えたことがある" in screen


# -- point 1: one finding per item; withdraw (取下げ) and restore ------------------------------


async def test_f_on_an_item_with_a_finding_opens_it(world: World, empty_visit: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(empty_visit)
        await settle(pilot)
        await press(pilot, "1", "2", "k", "f")
        assert isinstance(app.screen, FindingEditScreen)
        assert "指摘を作成" in drawn(app)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "f")
        assert isinstance(app.screen, FindingEditScreen)
        assert "指摘を編集" in drawn(app)
        await press(pilot, "ctrl+s")
    assert len(world.context.findings.findings(session_id=empty_visit)) == 1


async def test_withdraw_with_a_reason_then_restore(world: World) -> None:
    from inspector.domain.findings import FindingDraft, FindingKind
    from inspector.services.documents import document_service
    from inspector.tui.screens.confirm import ConfirmScreen
    from inspector.tui.screens.findings import FindingsScreen
    from inspector.tui.screens.prompt import PromptScreen

    session_id = world.session_ids["completed"]
    store = world.context.findings
    draft = FindingDraft(
        kind=FindingKind.FINDING,
        title="パスワードの定期変更",
        text="変更されていない。",
        organization_id=world.repo.session(session_id).organization_id,
        session_id=session_id,
        items=("c-02",),
    )
    finding = store.add_finding(draft, "tester")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FindingsScreen(app.context, session_id))
        await settle(pilot)
        assert "x 取下げ" in screen_lines(app.screen)[-1]
        await press(pilot, "x")
        assert isinstance(app.screen, PromptScreen)
        await press(pilot, "enter")  # no reason: refused, the dialog stays
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"重複のため")
        await press(pilot, "enter")
        assert isinstance(app.screen, FindingsScreen)
        # the list is read again after the withdrawal: on a loaded machine after the pauses
        await wait_until(pilot, lambda: "［取下げ］パス" in drawn(app), "the withdrawn row listed")
        assert "取下げの理由: 重複のため（tester）" in drawn(app)
        withdrawn = store.finding(finding.id)
        assert withdrawn.withdrawn and withdrawn.withdrawn_reason == "重複のため"
        assert store.findings(session_id=session_id) == []
        data = document_service(world.context).notice_data(session_id, issue_date=TODAY)
        assert data.findings == ()
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert "［取下げ］" not in drawn(app)
    assert not store.finding(finding.id).withdrawn
    actions = [c[0] for c in store.finding_changes(finding.id)]
    assert actions == ["create", "withdraw", "restore"]
    data = document_service(world.context).notice_data(session_id, issue_date=TODAY)
    assert [f.finding.id for f in data.findings] == [finding.id]


# -- point 4: the runner's footer after saving reasons ----------------------------------------


async def test_footer_after_saving_reasons_shows_the_items_keys(
    world: World, empty_visit: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(empty_visit)
        await settle(pilot)
        await press(pilot, "2", "k", "r", "space", "ctrl+s")
        assert isinstance(app.screen, RunnerScreen)
        footer = screen_lines(app.screen)[-1]
        assert "f 指摘" in footer and "u 取消" in footer
        assert "はい" not in footer and "選択肢" not in footer


# -- point 5: every dialog shows how to save and cancel at 80x24 ------------------------------


async def test_finding_editor_shows_its_save_hint(world: World, empty_visit: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(empty_visit)
        await settle(pilot)
        await press(pilot, "2", "k", "f")
        assert isinstance(app.screen, FindingEditScreen)
        assert "Ctrl+S で保存" in drawn(app)
        assert "対象項目: c-01" in drawn(app)  # the other hints stay in their place


async def test_hearing_case_dialog_shows_its_save_hint(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    from inspector.tui.screens.hearing_case import HearingCaseScreen

    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_hearing(pilot)
        await press(pilot, "enter", "n", "n", "n", "y", "escape")
        assert app.screen is screen
        await press(pilot, "k")
        assert isinstance(app.screen, HearingCaseScreen)
        lines = screen_lines(app.screen)
        assert any("Esc" in line and "取消" in line for line in lines), "\n".join(lines)


# -- point 6: the header's progress line is never lost ----------------------------------------


async def test_header_keeps_progress_when_the_title_is_long(
    world: World, shipped: ChecklistCatalog
) -> None:
    operator = shipped.get("juki-operator")
    session = world.repo.start_session(
        operator,
        world.org_ids["110"],
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        respondent_id=world.person_ids["A001"],
        session_date=TODAY,
    )
    for lang, progress in (("ja", "回答 0/"), ("en", "0/")):
        context = world.new_context(lang)
        context.__dict__["catalog"] = ChecklistCatalog([world.checklist, operator])
        app = InspectorApp(context, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.open_runner(session.id)
            await settle(pilot)
            lines = screen_lines(app.screen)
            assert "山田 花子" in lines[1] and progress in lines[1], "\n".join(lines[:3])
            if lang == "ja":
                assert lines[0].rstrip().endswith("…")


# -- point 7: the card ledger's loss asks first and can be corrected --------------------------


async def test_card_loss_asks_first_and_can_be_corrected(world: World) -> None:
    from inspector.domain.cards import CardEventKind
    from inspector.tui.screens.card_ledger import CardLedgerScreen
    from inspector.tui.screens.confirm import ConfirmScreen

    from .test_card_ledger import _cards

    _cards(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ledger = CardLedgerScreen(app.context, world.org_ids["210"], world.session_ids["completed"])
        app.push_screen(ledger)
        await settle(pilot)
        lines = screen_lines(app.screen)
        assert "l 紛失" in lines[-1]
        for heading in ("番号", "状態", "最終確認", "現地確認"):
            assert heading in lines[1], lines[1]
        assert "OP-G1" in lines[2], lines[2]  # whole on the first display (point 12)
        await press(pilot, "l")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is ledger
        assert ledger.states[0].status.value == "issued"
        await press(pilot, "l", "y")
        assert app.screen is ledger
        assert ledger.states[0].status.value == "lost"
        lines = screen_lines(app.screen)
        assert "紛失" in lines[2] and "最終確認" in lines[1] and "現地確認" in lines[1]
        assert "令和7年4月1日" in lines[2], lines[2]  # 最終確認 still on screen, in the era
        await press(pilot, "l")
        assert isinstance(app.screen, ConfirmScreen)
        assert "取り消しますか" in drawn(app)
        await press(pilot, "y")
        assert ledger.states[0].status.value == "suspended"
    events = world.context.site.ledger(world.org_ids["210"]).events
    kinds = [e.kind for e in events if e.card_id == ledger.states[0].card.id]
    assert kinds[-3:] == [
        CardEventKind.LOSS,
        CardEventKind.SUSPENSION,
        CardEventKind.LOSS_CANCELLED,
    ]


# -- point 8: Esc asks before throwing typed text away ----------------------------------------


async def test_escape_asks_before_discarding_a_note_or_a_finding(
    world: World, empty_visit: int
) -> None:
    from inspector.tui.screens.confirm import ConfirmScreen
    from inspector.tui.screens.note import NoteScreen

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(empty_visit)
        await settle(pilot)
        await press(pilot, "e", "escape")  # nothing typed: closes at once
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "e")
        await pilot.press(*"kacho")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert "保存せずに閉じますか" in drawn(app)
        await press(pilot, "n")
        assert isinstance(app.screen, NoteScreen)
        await press(pilot, "ctrl+s")
        assert world.repo.answers(empty_visit)["c-01"].state.note == "kacho"
        await press(pilot, "2", "k", "f")
        assert isinstance(app.screen, FindingEditScreen)
        await pilot.press(*"xyz")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert isinstance(app.screen, RunnerScreen)
    assert world.context.findings.findings(session_id=empty_visit) == []


# -- point 10: help scrolls with the arrow keys and End; the layout kinds have names ----------


async def test_layout_help_scrolls_to_the_end_and_names_the_kinds(world: World) -> None:
    from textual.widgets import DataTable

    from inspector.tui.screens.help import HelpScreen

    from .test_layout_editor import _open

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, world, world.session_ids["completed"])
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        first = str(table.get_row_at(0)[1])
        last = str(table.get_row_at(table.row_count - 1)[1])
        assert first in drawn(app)
        assert last not in drawn(app)  # more rows than fit at 80x24
        await press(pilot, "end")
        assert last in drawn(app), drawn(app)
        await press(pilot, "home")
        await press(pilot, *["down"] * table.row_count)
        assert last in drawn(app)
        rows = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert any(row.startswith("種類 1") and "：" in row for row in rows), rows


# -- point 11: the hearing tally's rows are in line in every terminal ------------------------


async def test_hearing_tally_has_no_ambiguous_width_characters(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    """①② and … are one cell in some terminals and two in many Japanese ones: a row with
    more of them was drawn shifted. The table holds none; the union rows say 問2又は問4."""
    import unicodedata

    from tests.tui.drawn import region_lines

    from .test_hearing import hear_everyone

    hear_everyone(world, hearing_catalog)
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await open_hearing(pilot)
        await press(pilot, "t")
        lines = region_lines(app.screen, app.screen.query_one("#hearing-tally").region)
        table = "\n".join(lines)
        assert "問2又は問4" in table, table
        ambiguous = {c for c in table if unicodedata.east_asian_width(c) == "A"}
        assert not ambiguous, (ambiguous, table)


# -- point 9: the plan's measure entries are cut with an ellipsis and read in full --------------


async def test_plan_entries_are_cut_with_an_ellipsis_and_read_in_full(world: World) -> None:
    from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
    from inspector.tui.screens.plan_detail import PlanDetailScreen
    from inspector.tui.screens.text_view import TextViewScreen

    store = world.context.findings
    session = world.repo.session(world.session_ids["completed"])
    finding = store.add_finding(
        FindingDraft(
            kind=FindingKind.FINDING,
            title="入退室管理簿の未記入",
            text="記入漏れ",
            organization_id=session.organization_id,
            session_id=session.id,
        ),
        "tester",
    )
    plan = store.add_plan(
        finding.id,
        measures="入退室管理簿の記入を徹底する。",
        responsible_organization_id=session.organization_id,
        responsible_person="鈴木 次郎",
        deadline=date(2025, 9, 30),
        actor="tester",
    )
    long = "課内会議で入退室管理簿の記入手順を周知し、毎週金曜日に係長が記入漏れを確認して" + (
        "署名する運用を始めた。最後まで読める。"
    )
    store.add_entry(plan.id, MeasureStatus.ONGOING, date(2025, 6, 1), long, "tester")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, plan.id))
        await settle(pilot)
        screen = drawn(app)
        row = next(line for line in screen.splitlines() if "令和7年6月1日" in line)
        assert "…" in row and "最後まで読める" not in screen
        assert "v 全文" in screen_lines(app.screen)[-1]
        await press(pilot, "v")
        assert isinstance(app.screen, TextViewScreen)
        assert "最後まで読める。" in drawn(app)
        assert "Esc" in drawn(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, PlanDetailScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, TextViewScreen)
