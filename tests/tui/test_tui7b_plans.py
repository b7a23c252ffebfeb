"""walk7 M5 and M6: the demo's plans answer their own finding (a random measure answered
another one); the plans list spells each mark one way (期限超過, 超過 and 独立性なし, 非独立
were mixed, cut to fit) and says under the list what the marks mean."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from inspector.demo.findings import plan_measures
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.tui.screens.plans import PlansScreen
from tests.tui.drawn import screen_lines
from tests.tui.test_findings import add_finding

from .conftest import ACTOR, TODAY, World, settle


def test_every_demo_plan_answers_its_finding(demo_templates: Callable[[date], Path]) -> None:
    engine = open_database(f"sqlite:///{demo_templates(TODAY)}")
    try:
        store = FindingRepository(engine)
        pairs = [
            (plan, store.finding(plan.finding_id))
            for finding in store.findings()
            for plan in store.plans_for(finding.id)
        ]
    finally:
        engine.dispose()
    assert len(pairs) > 10
    for plan, finding in pairs:
        asked = finding.requested_measure  # (the layout's findings keep it as it is)
        assert plan.measures in (asked, plan_measures(asked)), (plan, finding)
    assert plan_measures("台帳を整備すること。") == "台帳を整備する。"


async def test_the_marks_are_spelled_one_way_and_said_under_the_list(world: World) -> None:
    from sqlalchemy import text

    with world.context.engine.begin() as conn:  # the first plan's visit: both marks
        conn.execute(
            text("UPDATE inspection_session SET not_independent = 1 WHERE id = :id"),
            {"id": world.session_ids["completed"]},
        )
    store = world.context.findings
    plans = (
        ("計画A", date(2025, 5, 1), "completed"),
        ("計画B", date(2025, 5, 2), "open"),
        ("計画C", date(2025, 9, 1), "open"),
    )
    for title, deadline, session in plans:
        store.add_plan(
            add_finding(world, session, title=title),
            measures="対策",
            responsible_organization_id=world.org_ids["210"],
            responsible_person="担当",
            deadline=deadline,
            actor=ACTOR,
        )
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        lines = screen_lines(app.screen)
    both = next(line for line in lines if "計画A" in line)
    late = next(line for line in lines if "計画B" in line)
    assert both.rstrip().endswith("超過 非独立"), both
    assert late.rstrip().endswith("超過") and "期限超過" not in late, late  # not 期限超過
    assert "注記: 超過＝期限超過、非独立＝点検に独立性なし" in "\n".join(lines), lines
