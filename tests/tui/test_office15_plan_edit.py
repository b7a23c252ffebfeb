"""office15 (8), through Textual's Pilot at 80x24: the plan-edit dialog names the finding as
plan detail does (what the finding states, not the checklist's requirement, its title), and
wraps it by the line-break rule: no drawn line starts with 。 or 、."""

from __future__ import annotations

from datetime import date

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.tui.screens.plan_detail import PlanDetailScreen, PlanEditScreen
from tests.tui.drawn import region_lines

from .conftest import ACTOR, World, settle
from .test_plan_edit import SIZE, press

REQUIREMENT = "パスワードは定期的に変更されている"


def _plan(world: World, text: str) -> int:
    session = world.repo.session(world.session_ids["completed"])
    store = world.context.findings
    finding = store.add_finding(
        FindingDraft(
            FindingKind.FINDING,
            REQUIREMENT,
            text,
            session.organization_id,
            session_id=session.id,
            items=("c-02",),
            requested_measure="定期変更を徹底すること。",
        ),
        ACTOR,
    )
    return store.add_plan(
        finding.id,
        measures="周知する。",
        responsible_organization_id=world.org_ids["210"],
        responsible_person="鈴木 次郎",
        deadline=date(2025, 9, 30),
        actor=ACTOR,
    ).id


async def test_the_plan_dialog_shows_the_finding_wrapped_by_the_rule(world: World) -> None:
    # texts whose 。 falls at the dialog's line end, one cell either side
    texts = [("端末" * n + "の" * k + "。続き") for n in range(29, 34) for k in (0, 1)]
    plans = [(_plan(world, text), text) for text in texts]
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for plan_id, text in plans:
            app.push_screen(PlanDetailScreen(app.context, plan_id))
            await settle(pilot)
            await press(pilot, "e")
            edit = app.screen
            assert isinstance(edit, PlanEditScreen)
            shown = edit.query_one("#plan-finding")
            lines = [line.strip() for line in region_lines(edit, shown.content_region)]
            drawn = "".join(lines)
            assert text[:20] in drawn, (text, lines)
            assert REQUIREMENT not in drawn, lines
            assert not any(line.startswith(("。", "、")) for line in lines), lines
            await press(pilot, "escape")
            await press(pilot, "escape")
