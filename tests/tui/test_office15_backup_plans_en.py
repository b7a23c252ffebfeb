"""office15 (11), through Textual's Pilot at 80x24 under --lang en: the backup register's
headers whole (「Nex…」 was cut) and the plans' two short marks whole (「LATE not ind」)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from inspector.tui.screens.backup_register import BackupRegisterScreen
from inspector.tui.screens.plans import PlansScreen
from tests.tui.drawn import screen_lines
from tests.tui.test_findings import add_finding

from .conftest import ACTOR, World, settle


async def test_the_backup_register_headers_are_whole(world: World) -> None:
    app = world.app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        register = BackupRegisterScreen(
            app.context, world.org_ids["210"], world.session_ids["completed"]
        )
        app.push_screen(register)
        await settle(pilot)
        lines = screen_lines(app.screen)
    heading = next(line for line in lines if "Key holder" in line)
    assert "…" not in heading, heading


async def test_the_plans_marks_are_whole_in_english(world: World) -> None:
    with world.context.engine.begin() as conn:
        conn.execute(
            text("UPDATE inspection_session SET not_independent = 1 WHERE id = :id"),
            {"id": world.session_ids["completed"]},
        )
    world.context.findings.add_plan(
        add_finding(world, "completed", title="Plan A"),
        measures="m",
        responsible_organization_id=world.org_ids["210"],
        responsible_person="p",
        deadline=date(2025, 5, 1),
        actor=ACTOR,
    )
    app = world.app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        lines = screen_lines(app.screen)
    row = next(line for line in lines if "Plan" in line and "LATE" in line)
    assert row.rstrip().endswith("LATE not ind."), row
