"""Who a change is credited to: the configured auditor (the inspector's name), never the
login-name fallback "inspector" (walk at 80x24: a withdrawal showed 「誤記（inspector）」)."""

from __future__ import annotations

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.findings import FindingDraft, FindingKind
from inspector.services.actors import auditor
from inspector.tui.app import InspectorApp
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.prompt import PromptScreen
from tests.tui.drawn import screen_lines

from .conftest import TODAY, World, settle

SIZE = (80, 24)


def test_the_auditor_is_the_configured_name_and_the_user_only_without_one() -> None:
    assert auditor(Settings(user="inspector", inspector_name=" 監査 花子 ")) == "監査 花子"
    assert auditor(Settings(user="login", inspector_name="  ")) == "login"


async def test_a_withdrawal_and_its_restore_name_the_configured_inspector(world: World) -> None:
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
    context = AppContext(Settings(db=str(world.path), user="inspector", inspector_name="監査 花子"))
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist])
    app = InspectorApp(context, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FindingsScreen(app.context, session_id))
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"誤記", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FindingsScreen)
        shown = "\n".join(screen_lines(app.screen))
        assert "取下げの理由: 誤記（監査 花子）" in shown, shown
        assert "inspector）" not in shown
        await pilot.press("x")  # restore it
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
    changes = world.context.findings.finding_changes(finding.id)
    assert [c[0] for c in changes] == ["create", "withdraw", "restore"]
    for change in changes[1:]:
        assert "監査 花子" in repr(change) and "'inspector'" not in repr(change), change


async def test_an_undone_answer_names_whom_the_answers_name(
    world: World, empty_session: int
) -> None:
    from .test_keys9_answer_actor import actors, app_as
    from .test_runner import open_runner, press

    app = app_as(world, user="inspector", inspector_name="検査 花子")
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "1", "k", "u")
        await settle(pilot)
    # the answer, then its undo (walk: the undo named the login name)
    assert actors(world, empty_session) == ["検査 花子", "検査 花子"]
