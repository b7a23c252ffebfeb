"""The findings screen restores the withdrawal it shows, not a newer one: withdrawn again
by someone else (another reason) while the screen was open, `x` then `y` is refused with
who and why, the newer withdrawal stands, and the screen shows it."""

from __future__ import annotations

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.findings import FindingDraft, FindingKind
from inspector.services.findings import restore_finding, withdraw_finding
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.findings import FindingsScreen
from tests.tui.drawn import screen_lines

from .conftest import World, settle

SIZE = (80, 24)


async def test_a_restore_on_a_stale_screen_does_not_undo_a_newer_withdrawal(
    world: World,
) -> None:
    session_id = world.session_ids["completed"]
    draft = FindingDraft(
        kind=FindingKind.FINDING,
        title="パスワードの定期変更",
        text="変更されていない。",
        organization_id=world.repo.session(session_id).organization_id,
        session_id=session_id,
        items=("c-02",),
    )
    finding = world.context.findings.add_finding(draft, "tester")
    other = AppContext(Settings(db=str(world.path), user="監査 二郎"))
    withdraw_finding(other, finding.id, "重複のため")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FindingsScreen(app.context, session_id))
        await settle(pilot)
        assert "取下げの理由: 重複のため" in "\n".join(screen_lines(app.screen))
        # behind the screen's back: restored, then withdrawn again for another reason
        restore_finding(other, finding.id)
        withdraw_finding(other, finding.id, "根拠の誤り")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        messages = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert any("取り下げ直しました" in m and "根拠の誤り" in m for m in messages), messages
        assert isinstance(app.screen, FindingsScreen)
        assert "取下げの理由: 根拠の誤り（監査 二郎）" in "\n".join(screen_lines(app.screen))
    other.close()
    now = world.context.findings.finding(finding.id)
    assert now.withdrawn and now.withdrawn_reason == "根拠の誤り"
    actions = [c[0] for c in world.context.findings.finding_changes(finding.id)]
    assert actions == ["create", "withdraw", "restore", "withdraw"]


async def test_an_entry_decided_on_an_older_view_comes_back_and_is_not_lost(
    world: World,
) -> None:
    """The plan shown has no entry; someone else records 措置済 meanwhile; this person's
    継続努力 (decided on the older view) is not recorded over it: refused with who, when
    and what, and back in its dialog as typed; saved again knowingly, it is recorded."""
    from datetime import date

    from inspector.domain.findings import MeasureStatus
    from inspector.tui.screens.measure_entry import MeasureEntryScreen
    from inspector.tui.screens.plan_detail import PlanDetailScreen

    session_id = world.session_ids["completed"]
    store = world.context.findings
    finding = store.add_finding(
        FindingDraft(
            kind=FindingKind.FINDING,
            title="パスワードの定期変更",
            text="変更されていない。",
            organization_id=world.repo.session(session_id).organization_id,
            session_id=session_id,
        ),
        "tester",
    )
    plan = store.add_plan(
        finding.id,
        measures="定期変更を徹底する",
        responsible_organization_id=finding.organization_id,
        responsible_person="担当 一郎",
        deadline=date(2028, 3, 31),
        actor="tester",
    )
    other = AppContext(Settings(db=str(world.path), user="監査 二郎"))
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, plan.id))
        await settle(pilot)
        detail = app.screen
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MeasureEntryScreen)
        other.findings.add_entry(
            plan.id, MeasureStatus.DONE, date(2025, 6, 1), "撤去済", "監査 二郎"
        )
        dialog.query_one("#entry-text").text = "周知を継続中"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]  # type: ignore[attr-defined]
        assert any("監査 二郎" in m and "撤去済" in m and "保存していません" in m for m in messages)
        again = app.screen
        assert isinstance(again, MeasureEntryScreen) and again is not dialog
        assert again.query_one("#entry-text").text == "周知を継続中"  # type: ignore[attr-defined]
        assert [e.text for e in store.plan(plan.id).entries] == ["撤去済"]
        await pilot.press("ctrl+s")  # saved again, knowing of the other entry
        await settle(pilot)
        assert app.screen is detail
    other.close()
    assert [e.text for e in store.plan(plan.id).entries] == ["撤去済", "周知を継続中"]
