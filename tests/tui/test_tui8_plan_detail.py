"""The plan detail at 80x24 (walk7b N5): a line began with 「。」 (Rich broke the measures
anywhere), and 「指摘:」 showed the finding's title, the checklist's statement, rather than
what the finding states."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.tui.screens.plan_detail import PlanDetailScreen

from .conftest import World, settle
from .drawn import region_lines

SIZE = (80, 24)
CLOSERS = "。、）」』"


def _plan(world: World, measures: str) -> int:
    session = world.repo.session(world.session_ids["completed"])
    draft = FindingDraft(
        kind=FindingKind.FINDING,
        title="端末機管理の日次点検を毎日実施している。（試験用）",
        text="日次点検が実施されていなかった。\n要因：担当者が不在",
        organization_id=session.organization_id,
        session_id=session.id,
        items=("c-02",),
        answers={},
        evidence=(),
        requested_measure="日次点検を毎日実施すること。",
    )
    finding = world.context.findings.add_finding(draft, "tester")
    plan = world.context.findings.add_plan(
        finding.id,
        measures=measures,
        responsible_organization_id=session.organization_id,
        responsible_person="鈴木 次郎",
        deadline=date(2025, 9, 30),
        actor="tester",
    )
    return plan.id


async def _info_lines(world: World, plan_id: int) -> tuple[list[str], int]:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, plan_id))
        await settle(pilot)
        info = app.screen.query_one("#plan-info", Static)
        return [line.rstrip() for line in region_lines(app.screen, info.region)], (
            info.content_region.width
        )


async def test_no_line_of_the_plan_starts_with_a_closing_mark(world: World) -> None:
    _lines, width = await _info_lines(world, _plan(world, "仮"))
    # measures whose 。 falls just past the line's end when broken anywhere
    cells = width // 2
    measures = "関" * cells + "。次に日次点検を毎日実施する" + "あ" * (cells - 14) + "、以上。"
    lines, _ = await _info_lines(world, _plan(world, measures))
    text = [line.strip() for line in lines if line.strip()]
    assert not [line for line in text if line[0] in CLOSERS], lines
    assert "".join(text[text.index("改善の内容") + 1 :]) == measures, lines


async def test_the_finding_line_shows_what_the_finding_states(world: World) -> None:
    lines, _ = await _info_lines(world, _plan(world, "日次点検を毎日実施する。"))
    first = lines[0].strip()
    assert first == "指摘: 日次点検が実施されていなかった。", lines
    assert not any("毎日実施している" in line for line in lines), lines
