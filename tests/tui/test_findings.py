"""Pilot tests of findings, improvement plans, measure entries and the findings notice, on a
real SQLite file with a fixed `today`."""

from __future__ import annotations

import re
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
from inspector.i18n import LOCALES_DIR, Translator, _flatten
from inspector.tui.bindings import binding_description
from inspector.tui.screens.document_progress import NoticeProgressScreen, PassphraseScreen
from inspector.tui.screens.finding_edit import FindingEditScreen, ItemPickScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.measure_entry import MeasureEntryScreen
from inspector.tui.screens.plan_detail import PlanDetailScreen, PlanEditScreen
from inspector.tui.screens.plans import PlansScreen
from inspector.tui.screens.prompt import PromptScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.summary import SummaryScreen
from inspector.tui.widgets.item_list import ItemList
from inspector.tui.widgets.session_table import SessionTable
from tests.tui.drawn import screen_lines as drawn_lines

from .conftest import ACTOR, TODAY, World, settle

SIZE = (80, 24)
SCREENS_DIR = Path(__file__).resolve().parents[2] / "inspector" / "tui" / "screens"
MINE = (
    "findings",
    "notice_flow",
    "finding_edit",
    "plans",
    "plan_detail",
    "measure_entry",
    "document_progress",
)


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def add_finding(world: World, session_key: str = "completed", **changes: object) -> int:
    session = world.repo.session(world.session_ids[session_key])
    values: dict[str, object] = {
        "kind": FindingKind.FINDING,
        "title": "パスワードの定期変更",
        "text": "変更されていない。",
        "organization_id": session.organization_id,
        "session_id": session.id,
        "items": ("c-02",),
        "requested_measure": "定期変更を徹底すること。",
    }
    values.update(changes)
    return world.context.findings.add_finding(FindingDraft(**values), ACTOR).id  # type: ignore[arg-type]


async def open_findings(pilot, world: World, session_key: str | None = "completed", **kw):  # type: ignore[no-untyped-def]
    await settle(pilot)
    session_id = world.session_ids[session_key] if session_key else None
    pilot.app.push_screen(FindingsScreen(pilot.app.context, session_id, **kw))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FindingsScreen)
    return screen


# -- catalogue ------------------------------------------------------------------------------


def _keys(lang: str) -> dict[str, str]:
    data = tomllib.loads((LOCALES_DIR / lang / "findings.toml").read_text(encoding="utf-8"))
    flat: dict[str, str] = {}
    _flatten(data, "", flat)
    return flat


def test_catalogue_same_keys_and_placeholders() -> None:
    ja, en = _keys("ja"), _keys("en")
    assert sorted(set(ja) ^ set(en)) == []
    for key in ja:
        assert set(re.findall(r"{(\w+)}", ja[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_key_used_exists() -> None:
    """Keys are built as tf(t, "x.y") -> tui.findings.x.y and tp(t, ...) -> tui.plans...."""
    ja = Translator("ja")._messages
    used: set[str] = set()
    for name in MINE:
        text = (SCREENS_DIR / f"{name}.py").read_text()
        used.update(
            f"tui.findings.{k}" for k in re.findall(r"""\btf\([^,]+, ["']([a-z_.]+)["']""", text)
        )
        used.update(
            f"tui.plans.{k}" for k in re.findall(r"""\btp\([^,]+, ["']([a-z_.]+)["']""", text)
        )
    assert len(used) > 40
    assert sorted(k for k in used if k not in ja) == []
    for kind in FindingKind:
        assert f"tui.findings.kind.{kind.value}" in ja
    for status in MeasureStatus:
        assert f"tui.findings.status.{status.value}" in ja


def test_every_binding_has_a_description() -> None:
    from inspector.tui.screens import (
        document_progress,
        finding_edit,
        measure_entry,
        plan_detail,
        plans,
    )

    classes: list[Any] = [
        FindingsScreen,
        finding_edit.FindingEditScreen,
        finding_edit.ItemPickScreen,
        plans.PlansScreen,
        plan_detail.PlanDetailScreen,
        plan_detail.PlanEditScreen,
        measure_entry.MeasureEntryScreen,
        document_progress.PassphraseScreen,
        document_progress.NoticeProgressScreen,
        RunnerScreen,
        SummaryScreen,
    ]
    for lang in ("ja", "en"):
        t = Translator(lang)
        for cls in classes:
            for binding in cls.BINDINGS:
                assert binding.id, f"{cls.__name__} {binding.key}"  # type: ignore[union-attr]
                assert binding_description(t, binding.id) != binding.id, binding.id  # type: ignore[union-attr]


# -- findings -------------------------------------------------------------------------------


async def test_finding_from_runner_edited_and_saved(world: World) -> None:
    session_id = world.session_ids["completed"]
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(session_id)
        await settle(pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        # f on a compliant item only warns.
        runner.query_one(ItemList).show_item("c-01")
        await press(pilot, "f")
        assert app.screen is runner
        runner.query_one(ItemList).show_item("c-02")
        await press(pilot, "f")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        title = edit.query_one("#finding-title")
        assert title.value.startswith("パスワードを定期的に変更")  # type: ignore[attr-defined]
        text = edit.query_one("#finding-text").text  # type: ignore[attr-defined]
        assert "変更を忘れていた" in text and "異動直後のため" in text
        # Esc cancels: nothing written.
        await press(pilot, "escape")
        assert world.context.findings.findings(session_id=session_id) == []
        await press(pilot, "f")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        await press(pilot, "ctrl+t")  # 指摘 -> 意見
        edit.query_one("#finding-title").value = "パスワード管理の徹底"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is runner
        [finding] = world.context.findings.findings(session_id=session_id)
        assert finding.kind is FindingKind.OPINION
        assert finding.title == "パスワード管理の徹底"
        assert finding.items == ("c-02",)
        assert finding.answers == {"c-02": "noncompliant"}
        assert "異動直後のため" in finding.text
        assert finding.created_by == ACTOR

        # Enter on the findings list edits it; the change log keeps old and new.
        await press(pilot, "escape")
        sessions = app.screen.query_one(SessionTable)
        sessions.move_cursor(row=sessions.get_row_index(str(session_id)))
        await press(pilot, "f")  # home: findings of the selected session
        findings = app.screen
        assert isinstance(findings, FindingsScreen)
        assert findings.current_row is not None
        await press(pilot, "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        edit.query_one("#finding-title").value = "パスワードの定期変更"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+t")  # 意見 -> リスク
        await press(pilot, "ctrl+s")
        assert app.screen is findings
        changes = world.context.findings.finding_changes(finding.id)
        assert [c[0] for c in changes] == ["create", "edit"]
        old, new = changes[1][1], changes[1][2]
        assert old == {"kind": "opinion", "title": "パスワード管理の徹底"}
        assert new == {"kind": "risk", "title": "パスワードの定期変更"}


async def test_finding_from_summary(world: World, empty_visit: int) -> None:
    # a visit: a self-check's summary offers no `f` (tui11)
    repo = world.repo
    empty_session = empty_visit
    from dataclasses import replace

    for item_id in ("c-01", "c-02"):
        repo.save_answer(empty_session, item_id, lambda o: replace(o, value="noncompliant"), ACTOR)
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_summary(empty_session)
        await settle(pilot)
        await press(pilot, "f")
        pick = app.screen
        assert isinstance(pick, ItemPickScreen)  # two noncompliant items: choose one
        await press(pilot, "down", "enter")
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        assert edit.draft.items == ("c-02",)
        assert edit.query_one("#finding-title").value.startswith("Passwords")  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SummaryScreen)
    [finding] = world.context.findings.findings(session_id=empty_session)
    assert finding.items == ("c-02",)


# -- plans and entries ----------------------------------------------------------------------


async def test_plan_and_entries_through_the_screens(world: World) -> None:
    finding_id = add_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        findings = await open_findings(pilot, world)
        await press(pilot, "p")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        # The finding's organization is the default; the measures start from the request.
        assert edit.query_one("#plan-organization").value == world.org_ids["210"]  # type: ignore[attr-defined]
        assert edit.query_one("#plan-measures").text == "定期変更を徹底すること。"  # type: ignore[attr-defined]
        edit.query_one("#plan-person").value = "鈴木 次郎"  # type: ignore[attr-defined]
        edit.query_one("#plan-deadline").value = "2025-13-01"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is edit  # refused: not a date
        assert "令和9年3月31日" in str(edit.query_one("#plan-error").render())
        assert world.context.findings.plans_for(finding_id) == []
        edit.query_one("#plan-deadline").value = "2025-09-30"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is findings
        [plan] = world.context.findings.plans_for(finding_id)
        assert plan.deadline == date(2025, 9, 30)
        assert plan.responsible_person == "鈴木 次郎"
        assert plan.responsible_organization_id == world.org_ids["210"]
        assert plan.measures == "定期変更を徹底すること。"

        # p on a finding with a plan opens it; a appends dated entries.
        await press(pilot, "p")
        detail = app.screen
        assert isinstance(detail, PlanDetailScreen)
        await press(pilot, "a")
        entry = app.screen
        assert isinstance(entry, MeasureEntryScreen)
        # the day typed in advance is shown in the era (Japanese is the default)
        assert entry.query_one("#entry-date").value == "令和7年6月2日"  # type: ignore[attr-defined]
        await pilot.press(*"kaishi")
        await press(pilot, "ctrl+s")
        assert app.screen is detail
        await press(pilot, "a")
        entry = app.screen
        assert isinstance(entry, MeasureEntryScreen)
        await press(pilot, "ctrl+t", "ctrl+t")  # 継続努力 -> 検討中 -> 措置済
        entry.query_one("#entry-date").value = "2025-06-02"  # type: ignore[attr-defined]
        entry.query_one("#entry-text").text = "全職員に周知した"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is detail
        [plan] = world.context.findings.plans_for(finding_id)
        assert [(e.status, e.entry_date, e.text, e.recorded_by) for e in plan.entries] == [
            (MeasureStatus.ONGOING, TODAY, "kaishi", ACTOR),
            (MeasureStatus.DONE, TODAY, "全職員に周知した", ACTOR),
        ]
        assert detail.query_one("#plan-entries").row_count == 2  # type: ignore[attr-defined]
        # Esc on an entry dialog records nothing.
        await press(pilot, "a", "escape")
        assert len(world.context.findings.plans_for(finding_id)[0].entries) == 2
        await press(pilot, "escape")
        assert app.screen is findings
        assert "措置済" in str(findings.query_one("#findings-table").get_row_at(0))  # type: ignore[attr-defined]


async def test_overdue_filter_shows_only_overdue_plans(world: World) -> None:
    store = world.context.findings
    org_a, org_b = world.org_ids["210"], world.org_ids["110"]
    late = add_finding(world, title="期限切れの計画")
    done = add_finding(world, title="措置済の計画")
    later = add_finding(world, title="期限前の計画", kind=FindingKind.OPINION)
    other = add_finding(world, title="他所属の期限切れ", organization_id=org_b)
    plan_ids = {}
    for fid, org, deadline in (
        (late, org_a, TODAY - timedelta(days=10)),
        (done, org_a, TODAY - timedelta(days=20)),
        (later, org_a, TODAY + timedelta(days=20)),
        (other, org_b, TODAY - timedelta(days=1)),
    ):
        plan = store.add_plan(
            fid,
            measures="対策",
            responsible_organization_id=org,
            responsible_person="担当",
            deadline=deadline,
            actor=ACTOR,
        )
        plan_ids[fid] = plan.id
    store.add_entry(plan_ids[done], MeasureStatus.DONE, TODAY - timedelta(days=30), "済", ACTOR)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from inspector.tui.areas import open_plans

        open_plans(app, None)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlansScreen)
        # every plan, by deadline
        assert [r.finding.id for r in screen.rows] == [done, late, other, later]
        assert screen.overdue_shown == [False, True, True, False]
        table = screen.query_one("#plans-table")
        assert "期限超過" in str(table.get_row_at(1))  # type: ignore[attr-defined]
        await press(pilot, "o")
        assert [r.finding.id for r in screen.rows] == [late, other]
        assert all(screen.overdue_shown)
        assert table.row_count == 2  # type: ignore[attr-defined]
        # and one organization only
        screen.query_one("#filter-organization").value = org_b  # type: ignore[attr-defined]
        await settle(pilot)
        assert [r.finding.id for r in screen.rows] == [other]
        screen.query_one("#filter-organization").clear()  # type: ignore[attr-defined]
        await press(pilot, "o")
        # due within 30 days: not done, deadline at most 30 days away (overdue included)
        screen.query_one("#filter-days").value = "30"  # type: ignore[attr-defined]
        await settle(pilot)
        assert [r.finding.id for r in screen.rows] == [late, other, later]
        screen.query_one("#filter-kind").value = FindingKind.OPINION  # type: ignore[attr-defined]
        await settle(pilot)
        assert [r.finding.id for r in screen.rows] == [later]
        screen.query_one("#filter-kind").clear()  # type: ignore[attr-defined]
        screen.query_one("#filter-days").value = ""  # type: ignore[attr-defined]
        await settle(pilot)
        await press(pilot, "s")  # latest deadline first
        assert screen.current_plan == plan_ids[later]
        await press(pilot, "enter")
        detail = app.screen
        assert isinstance(detail, PlanDetailScreen)
        assert detail.plan_id == plan_ids[later]


async def test_not_independent_is_marked(world: World) -> None:
    from sqlalchemy import text

    session_id = world.session_ids["completed"]
    with world.context.engine.begin() as conn:
        conn.execute(
            text("UPDATE inspection_session SET not_independent = 1 WHERE id = :id"),
            {"id": session_id},
        )
    finding_id = add_finding(world)
    world.context.findings.add_plan(
        finding_id,
        measures="m",
        responsible_organization_id=world.org_ids["210"],
        responsible_person="p",
        deadline=TODAY - timedelta(days=1),
        actor=ACTOR,
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        findings = await open_findings(pilot, world)
        # Both marks do not fit in full at 80 columns: their short forms (超過 非独立).
        row = str(findings.query_one("#findings-table").get_row_at(0))  # type: ignore[attr-defined]
        assert "非独立" in row and "超過" in row
        assert findings.query_one("#findings-note").display
        app.pop_screen()
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        assert "非独立" in str(app.screen.query_one("#plans-table").get_row_at(0))  # type: ignore[attr-defined]
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "期限超過 独立性なし" in str(app.screen.query_one("#plans-table").get_row_at(0))  # type: ignore[attr-defined]


# -- fitting 80 columns, taking a wider terminal's room ------------------------------------


def screen_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The screen's text as drawn (a double-width character once)."""
    return drawn_lines(app.screen)


def line_with(app, text: str) -> str:  # type: ignore[no-untyped-def]
    """The drawn line holding `text`."""
    found = [line for line in screen_lines(app) if text in line]
    assert found, f"{text!r} not drawn:\n" + "\n".join(screen_lines(app))
    return found[0]


def widths(table) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {str(key.value): column.width for key, column in table.columns.items()}


def not_independent(world: World) -> None:
    from sqlalchemy import text

    with world.context.engine.begin() as conn:
        conn.execute(
            text("UPDATE inspection_session SET not_independent = 1 WHERE id = :id"),
            {"id": world.session_ids["completed"]},
        )


async def test_findings_marks_are_whole_at_80_and_the_table_widens(world: World) -> None:
    """At 80x24 every column shows, the marks (注記) whole: in full when one fits, short when
    both apply; at 120x40 the title and the marks take the spare room."""
    not_independent(world)
    both = add_finding(world, title="入退室管理簿の記載漏れ", kind=FindingKind.RISK)  # 22 cells
    add_finding(world, title="独立性だけの指摘")
    world.context.findings.add_plan(
        both,
        measures="m",
        responsible_organization_id=world.org_ids["210"],
        responsible_person="情報政策課長",
        deadline=TODAY - timedelta(days=1),
        actor=ACTOR,
    )
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        findings = await open_findings(pilot, world)
        table = findings.query_one("#findings-table")
        heading = line_with(app, "種別")
        for name in ("種別", "件名", "項目", "所属", "期限", "状況", "注記"):
            assert name in heading
        assert heading.rstrip().endswith("注記")
        assert sum(w + 2 for w in widths(table).values()) <= 80 - 2  # the scrollbar's room
        row = line_with(app, "リスク")
        assert row.rstrip().endswith("超過 非独立")  # both marks, short and whole
        assert "入退室管理簿の記載漏れ" not in row  # the title is cut at 80 columns
        assert line_with(app, "独立性だけの").rstrip().endswith("独立性なし")
        table.move_cursor(row=1)
        chosen = findings.current_row
        assert chosen is not None

        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert sum(w + 2 for w in widths(table).values()) <= 120 - 2
        assert widths(table)["title"] > 16 and widths(table)["marks"] > 11
        row = line_with(app, "リスク")
        assert "入退室管理簿の記載漏れ" in row
        assert row.rstrip().endswith("期限超過 独立性なし")
        assert findings.current_row == chosen  # the cursor stayed on its finding


async def test_plans_kind_is_whole_at_80_and_the_table_widens(world: World) -> None:
    """At 80x24 the kind (種別) shows whole (リスク) and the marks fit; the person
    responsible shows on a wider terminal, where the title widens too."""
    finding_id = add_finding(world, title="入退室管理簿の記載漏れ", kind=FindingKind.RISK)
    world.context.findings.add_plan(
        finding_id,
        measures="m",
        responsible_organization_id=world.org_ids["210"],
        responsible_person="情報政策課長",
        deadline=TODAY - timedelta(days=1),
        actor=ACTOR,
    )
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        table = app.screen.query_one("#plans-table")
        heading = line_with(app, "残日")
        assert "種別" in heading and heading.rstrip().endswith("注記")
        assert sum(w + 2 for w in widths(table).values()) <= 80 - 2
        row = line_with(app, "リスク")
        assert row.rstrip().endswith("期限超過")
        assert "担当者" not in heading and "情報政策課長" not in row

        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert sum(w + 2 for w in widths(table).values()) <= 120 - 2
        assert "担当者" in line_with(app, "残日")
        row = line_with(app, "リスク")
        assert "入退室管理簿の記載漏れ" in row and "情報政策課長" in row
        assert row.rstrip().endswith("期限超過")


# -- the notice -----------------------------------------------------------------------------


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    from inspector.reports.keys import init_office, issue_inspector

    folder = tmp_path / "keys"
    init_office(folder, b"office-pass")
    issue_inspector(folder, "監査 太郎", "210", b"office-pass", b"inspector-pass")
    return folder


async def _notice(pilot, world: World, out_dir: Path, keys: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    findings = await open_findings(pilot, world, output_dir=out_dir)
    await press(pilot, "n", "enter", *keys)  # the notice's language: 日本語, preselected
    prompt = pilot.app.screen
    assert isinstance(prompt, PromptScreen)
    path = out_dir / "notice_210_20250520.pdf"
    assert prompt.query_one("#prompt-input").value == str(path)  # type: ignore[attr-defined]
    await press(pilot, "enter")
    return findings, path


async def test_notice_is_signed_and_verifies(
    world: World, keys_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector.reports.keys import load_root
    from inspector.reports.verify import verify_pdf

    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "inspector-pass")
    add_finding(world)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    app = world.app(keys_dir=keys_dir)
    async with app.run_test(size=SIZE) as pilot:
        _findings, path = await _notice(pilot, world, out_dir)
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.error is None, progress.error
        assert progress.issued is not None and progress.issued.signed
        assert str(path) in str(progress.query_one("#notice-result").render())
        await press(pilot, "escape")
        assert isinstance(app.screen, FindingsScreen)
    data = path.read_bytes()
    [document] = world.context.findings.documents(world.session_ids["completed"])
    assert document.signer == "監査 太郎"

    def lookup(doc_id: str) -> str | None:
        found = world.context.findings.document(doc_id)
        return found.content_hash if found else None

    result = verify_pdf(data, load_root(keys_dir), lookup)
    assert result.valid, result.message
    assert result.signer == "監査 太郎"


async def test_notice_wrong_passphrase_is_asked_again_in_place(
    world: World, keys_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    add_finding(world)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    app = world.app(keys_dir=keys_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _notice(pilot, world, out_dir)
        ask = app.screen
        assert isinstance(ask, PassphraseScreen)
        assert ask.query_one("#passphrase-input").password  # type: ignore[attr-defined]
        # it names what is signed: the notice, its addressee and the visit
        what = str(ask.query_one("#passphrase-what").render())
        assert "通知書" in what and "情報政策課" in what and "令和7年5月20日" in what
        await pilot.press(*"wrong")
        await press(pilot, "enter")
        # a wrong passphrase: asked again here, nothing written, nothing recorded
        assert app.screen is ask
        assert "もう一度" in str(ask.query_one("#passphrase-error").render())
        assert ask.query_one("#passphrase-input").value == ""  # type: ignore[attr-defined]
        assert list(out_dir.iterdir()) == []
        assert world.context.findings.documents() == []
        await pilot.press(*"inspector-pass")
        await press(pilot, "enter")
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.issued is not None and progress.issued.signed, progress.error
    assert len(world.context.findings.documents()) == 1


async def test_notice_without_keys_says_so(world: World, tmp_path: Path) -> None:
    add_finding(world)
    app = world.app(keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        findings = await open_findings(pilot, world, output_dir=tmp_path)
        await press(pilot, "n")
        assert app.screen is findings  # refused before asking anything
        messages = [n.message for n in app._notifications]
        assert any("inspector keys init-office" in m for m in messages)


async def test_unsigned_draft_is_not_recorded(world: World, tmp_path: Path) -> None:
    add_finding(world)
    path = tmp_path / "notice_210_20250520.pdf"
    app = world.app("en", keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        await open_findings(pilot, world, output_dir=tmp_path)
        await press(pilot, "d", "enter", "enter")  # 日本語 (preselected), the path
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.issued is not None and not progress.issued.signed
        assert "unsigned" in str(progress.query_one("#notice-result").render())
    assert path.read_bytes().startswith(b"%PDF")
    assert world.context.findings.documents() == []


def test_column_widths_share_a_wider_terminal() -> None:
    from inspector.tui.text import Column, column_widths

    columns = (
        Column("date", 10),
        Column("title", 52, grow=3, widest=90),
        Column("person", 0, grow=1, widest=12, least=8),
        Column("marks", 10, grow=1, widest=12),
    )
    # 80 columns: the person is left out; padding (2 a column) and the scrollbar (2) fit.
    assert column_widths(columns, 80) == {"date": 10, "title": 52, "marks": 10}
    # Room for the person first, then the growing columns by weight, each up to its widest;
    # what a column cannot take goes to the others.
    wide = column_widths(columns, 120)
    assert list(wide) == ["date", "title", "person", "marks"]
    assert wide["person"] == 12 and wide["marks"] == 12 and 52 < wide["title"] <= 90
    assert sum(wide.values()) + 2 * len(wide) + 2 <= 120
    assert sum(wide.values()) + 2 * len(wide) + 2 >= 120 - 3  # the spare room is used
    assert column_widths(columns, 300) == {"date": 10, "title": 90, "person": 12, "marks": 12}
