"""Completing with a 不遵守 that has no reasons names the items (walk8b L3): 「要因が未記入の
不遵守が1件あります」 did not say which, and the inspector had to look for it among 57."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import Role, SessionKind
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.summary import SummaryScreen

from .conftest import World, settle
from .drawn import screen_lines

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"


def _juki_session(world: World, noncompliant: set[int], unanswered: set[int]) -> tuple[int, object]:
    """A 住基 self-check of 市民課: every item 遵守 but the numbers given, 不遵守 (no reason)
    or left unanswered."""
    checklist = ChecklistCatalog.from_folders([CHECKLISTS]).get("juki-department")
    session = world.repo.start_session(
        checklist,
        world.org_ids["110"],
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        respondent_id=world.person_ids["A001"],
        session_date=date(2025, 6, 2),
    )
    for number, item in enumerate(checklist.items, 1):
        if number in unanswered:
            continue
        value = "noncompliant" if number in noncompliant else "compliant"
        world.repo.save_answer(
            session.id, item.id, lambda old, v=value: replace(old, value=v), "tester"
        )
    return session.id, checklist


async def _question(world: World, session_id: int, checklist: object) -> tuple[str, list[str]]:
    app = world.app()
    app.context.__dict__["catalog"] = ChecklistCatalog([world.checklist, checklist])  # type: ignore[list-item]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(SummaryScreen(app.context, session_id))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        return app.screen.question, screen_lines(app.screen)


async def test_the_one_item_without_reasons_is_named(world: World) -> None:
    session_id, checklist = _juki_session(world, noncompliant={54}, unanswered=set())
    question, lines = await _question(world, session_id, checklist)
    assert "1件（No.54）に要因が記入されていません" in question, question
    assert any("No.54" in line for line in lines), lines  # drawn at 80x24, not cut


async def test_a_few_are_named_and_the_rest_counted(world: World) -> None:
    session_id, checklist = _juki_session(world, noncompliant={3, 7, 20, 54, 55}, unanswered={9})
    question, _lines = await _question(world, session_id, checklist)
    assert "未回答が1件" in question, question
    assert "不遵守が5件（No.3、No.7、No.20、ほか2件）" in question, question
