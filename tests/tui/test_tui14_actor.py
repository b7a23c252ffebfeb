"""Who a change is credited to: the configured auditor (the inspector's name), never the
login-name fallback "inspector" (walk at 80x24: a withdrawal showed 「誤記（inspector）」)."""

from __future__ import annotations

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.catalog import ChecklistCatalog
from inspector.services.actors import auditor
from inspector.tui.app import InspectorApp
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.prompt import PromptScreen
from tests.tui.drawn import screen_lines

from .conftest import TODAY, World, settle
from .runner_setup import SIZE, add_finding_on, open_runner, press, pressed, shown


def test_the_auditor_is_the_configured_name_and_the_user_only_without_one() -> None:
    assert auditor(Settings(user="inspector", inspector_name=" 監査 花子 ")) == "監査 花子"
    assert auditor(Settings(user="login", inspector_name="  ")) == "login"


async def test_a_withdrawal_and_its_restore_name_the_configured_inspector(world: World) -> None:
    session_id = world.session_ids["completed"]
    finding_id = add_finding_on(world, session_id, "パスワードの定期変更", "変更されていない。")
    context = AppContext(Settings(db=str(world.path), user="inspector", inspector_name="監査 花子"))
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist])
    app = InspectorApp(context, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        findings = await shown(pilot, FindingsScreen(app.context, session_id))
        await pressed(pilot, "x", PromptScreen)
        await pilot.press(*"誤記")
        await press(pilot, "enter")
        assert app.screen is findings
        drawn = "\n".join(screen_lines(findings))
        assert "取下げの理由: 誤記（監査 花子）" in drawn, drawn
        assert "inspector）" not in drawn
        await pressed(pilot, "x", ConfirmScreen)  # restore it
        await press(pilot, "y")
    changes = world.context.findings.finding_changes(finding_id)
    assert [c[0] for c in changes] == ["create", "withdraw", "restore"]
    for change in changes[1:]:
        assert "監査 花子" in repr(change) and "'inspector'" not in repr(change), change


async def test_an_undone_answer_names_whom_the_answers_name(
    world: World, empty_session: int
) -> None:
    from .test_keys9_answer_actor import actors, app_as

    app = app_as(world, user="inspector", inspector_name="検査 花子")
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "1", "k", "u")
        await settle(pilot)
    # the answer, then its undo (walk: the undo named the login name)
    assert actors(world, empty_session) == ["検査 花子", "検査 花子"]
