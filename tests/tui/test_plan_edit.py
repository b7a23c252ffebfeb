"""Pilot test of editing an improvement plan from its detail screen: `e` opens the plan form
filled in, the deadline is checked, the edit is saved (and logged) and the detail refreshes."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.plan_detail import PlanDetailScreen, PlanEditScreen
from inspector.tui.wrapping import Wrapped

from .conftest import ACTOR, World, settle

SIZE = (80, 24)


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def info(detail: PlanDetailScreen) -> str:
    """The plain text of the plan's head (the deadline, measures, ...)."""
    content = detail.query_one("#plan-info", Static).content
    assert isinstance(content, Group)
    # each part wrapped by the 禁則 rule (`Wrapped`, walk7b N5)
    texts = [r.text if isinstance(r, Wrapped) else r for r in content.renderables]
    return "\n".join(r.plain for r in texts if isinstance(r, Text))


def add_plan(world: World) -> int:
    session = world.repo.session(world.session_ids["completed"])
    store = world.context.findings
    finding = store.add_finding(
        FindingDraft(
            FindingKind.FINDING,
            "パスワードの定期変更",
            "変更されていない。",
            session.organization_id,
            session_id=session.id,
            items=("c-02",),
            requested_measure="定期変更を徹底すること。",
        ),
        ACTOR,
    )
    plan = store.add_plan(
        finding.id,
        measures="全職員に周知する。",
        responsible_organization_id=world.org_ids["210"],
        responsible_person="鈴木 次郎",
        deadline=date(2025, 9, 30),
        actor=ACTOR,
    )
    return plan.id


async def test_plan_deadline_edited_through_e(world: World) -> None:
    plan_id = add_plan(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, plan_id))
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, PlanDetailScreen)
        assert "令和7年9月30日" in info(detail)  # the era in Japanese

        await press(pilot, "e")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        # The form starts from the plan, not from the finding's requested measure.
        assert edit.query_one("#plan-measures").text == "全職員に周知する。"  # type: ignore[attr-defined]
        assert edit.query_one("#plan-organization").value == world.org_ids["210"]  # type: ignore[attr-defined]
        assert edit.query_one("#plan-person").value == "鈴木 次郎"  # type: ignore[attr-defined]
        assert edit.query_one("#plan-deadline").value == "令和7年9月30日"  # type: ignore[attr-defined]

        # A deadline that is not a date is refused; nothing is written.
        edit.query_one("#plan-deadline").value = "2025-12-32"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is edit
        assert "令和9年3月31日" in str(edit.query_one("#plan-error").render())
        assert world.context.findings.plan(plan_id).deadline == date(2025, 9, 30)

        edit.query_one("#plan-deadline").value = "2025-12-26"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert app.screen is detail
        assert "令和7年12月26日" in info(detail)
        assert "令和7年9月30日" not in info(detail)
        assert detail.view is not None and detail.view.plan.deadline == date(2025, 12, 26)

        # Esc on the form saves nothing.
        await press(pilot, "e", "escape")
        assert app.screen is detail

    plan = world.context.findings.plan(plan_id)
    assert plan.deadline == date(2025, 12, 26)
    assert (plan.measures, plan.responsible_person) == ("全職員に周知する。", "鈴木 次郎")
    log = world.context.findings.plan_changes(plan_id)
    assert [(action, old, new, by) for action, old, new, by, _at in log[1:]] == [
        ("edit", {"deadline": "2025-09-30"}, {"deadline": "2025-12-26"}, ACTOR)
    ]
    assert log[0][0] == "create"


async def test_a_past_deadline_is_saved_only_after_a_confirmation(world: World) -> None:
    plan_id = add_plan(world)
    # today is fixed at 2025-06-02; the visit was 2025-05-20 (before it is refused: docs8a)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, plan_id))
        await settle(pilot)
        await press(pilot, "e")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        edit.query_one("#plan-deadline").value = "令和7年5月30日"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        # asked, with the date as typed in the era; n keeps the dialog and writes nothing
        assert isinstance(app.screen, ConfirmScreen)
        assert "令和7年5月30日" in app.screen.question and "過去" in app.screen.question
        await press(pilot, "n")
        assert app.screen is edit
        assert "期限が過去" in str(edit.query_one("#plan-error").render())
        assert world.context.findings.plan(plan_id).deadline == date(2025, 9, 30)
        # y saves it
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert not isinstance(app.screen, (ConfirmScreen, PlanEditScreen))
    assert world.context.findings.plan(plan_id).deadline == date(2025, 5, 30)
