"""Snapshots at 80x24 of every screen and dialog of a visit (issue 14): a visit of
juki-department at 市民課, every item answered, the first broken with a reason and a note,
two findings (the second withdrawn), a plan with a long measure entry, and a card ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
from inspector.domain.model import Role, SessionKind
from inspector.resources import shipped_checklists_dir
from inspector.tui.app import InspectorApp

from .conftest import ACTOR, TODAY, World, build_world, settle

SIZE = (80, 24)
CHECKLIST = "juki-department"


class Visit:
    def __init__(self, world: World, session_id: int, plan_id: int) -> None:
        self.world = world
        self.session_id = session_id
        self.plan_id = plan_id

    def app(self) -> InspectorApp:
        shipped = ChecklistCatalog.from_folders([shipped_checklists_dir()])
        context = self.world.new_context()
        context.__dict__["catalog"] = ChecklistCatalog(
            [self.world.checklist, shipped.get(CHECKLIST)]
        )
        return InspectorApp(context, today=TODAY)


@pytest.fixture
def visit(tmp_path: Path) -> Visit:
    world = build_world(tmp_path / "visit.db")
    checklist = ChecklistCatalog.from_folders([shipped_checklists_dir()]).get(CHECKLIST)
    repo = world.repo
    session = repo.start_session(
        checklist,
        world.org_ids["110"],
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        inspector_name="監査 太郎",
        session_date=TODAY,
        uid="00000000-0000-0000-0000-000000000014",
    )
    tags = frozenset({"juki"})
    items = checklist.applicable_items({}, tags)
    first, third = items[0], items[2]
    for item in items:
        value = "noncompliant" if item in (first, third) else "compliant"
        repo.save_answer(session.id, item.id, lambda old, v=value: replace(old, value=v), ACTOR)
    reason = first.reasons[0].id if first.reasons else ""
    repo.save_answer(
        session.id,
        first.id,
        lambda old: replace(
            old, reasons=(reason,) if reason else (), note="課長不在のため係長から聴取"
        ),
        ACTOR,
        "reasons",
    )
    store = world.context.findings
    kept = store.add_finding(
        FindingDraft(
            kind=FindingKind.FINDING,
            title=first.text.ja[:30],
            text=first.text.ja,
            organization_id=session.organization_id,
            session_id=session.id,
            items=(first.id,),
            requested_measure="必要な措置を講じること。",
        ),
        ACTOR,
    )
    dropped = store.add_finding(
        FindingDraft(
            kind=FindingKind.OPINION,
            title=third.text.ja[:30],
            text=third.text.ja,
            organization_id=session.organization_id,
            session_id=session.id,
            items=(third.id,),
        ),
        ACTOR,
    )
    store.withdraw_finding(dropped.id, "重複のため", ACTOR)
    plan = store.add_plan(
        kept.id,
        measures="所属内の管理体制を定め、担当者と代理者を事務分担表に記載する。",
        responsible_organization_id=session.organization_id,
        responsible_person="山田 花子",
        deadline=date(2025, 9, 30),
        actor=ACTOR,
    )
    store.add_entry(
        plan.id,
        MeasureStatus.ONGOING,
        date(2025, 6, 1),
        "課内会議で管理体制を周知し、事務分担表の改訂案を作成した。次回の人事異動に合わせて"
        "代理者を指名し、年度内に改訂版を配布する予定である。",
        ACTOR,
    )
    return Visit(world, session.id, plan.id)


def keys_after(opener: Any, *keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        opener(pilot.app)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def runner(visit: Visit, *keys: str):  # type: ignore[no-untyped-def]
    return keys_after(lambda app: app.open_runner(visit.session_id), *keys)


def findings(visit: Visit, *keys: str):  # type: ignore[no-untyped-def]
    from inspector.tui.screens.findings import FindingsScreen

    return keys_after(
        lambda app: app.push_screen(FindingsScreen(app.context, visit.session_id)), *keys
    )


def plan(visit: Visit, *keys: str):  # type: ignore[no-untyped-def]
    from inspector.tui.screens.plan_detail import PlanDetailScreen

    return keys_after(
        lambda app: app.push_screen(PlanDetailScreen(app.context, visit.plan_id)), *keys
    )


SCREENS = [
    ("runner", lambda v: runner(v)),
    ("reasons", lambda v: runner(v, "r")),
    ("note", lambda v: runner(v, "e")),
    ("finding_editor", lambda v: runner(v, "f")),
    ("help_end", lambda v: runner(v, "question_mark", "end")),
    ("summary", lambda v: runner(v, "s")),
    ("findings", lambda v: findings(v)),
    ("withdraw_prompt", lambda v: findings(v, "x")),
    ("restore_confirm", lambda v: findings(v, "down", "x")),
    ("plan_detail", lambda v: plan(v)),
    ("plan_read_in_full", lambda v: plan(v, "v")),
    ("new_visit", lambda v: keys_after(lambda app: None, "n")),
]


@pytest.mark.parametrize(("name", "before"), SCREENS, ids=[name for name, _ in SCREENS])
def test_visit_screen_80x24(snap_compare, visit: Visit, name: str, before: Any) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(visit.app(), terminal_size=SIZE, run_before=before(visit)), name
