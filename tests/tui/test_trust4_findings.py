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
