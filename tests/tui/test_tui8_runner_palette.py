"""The runner's palette lists only the answers its checklist has (walk7b N5): 選択肢1/2/3
were listed on a compliance checklist beside 遵守/不遵守/該当なし, and did nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import Role, SessionKind
from inspector.tui.runner_bindings import offered_by
from inspector.tui.screens.runner import RunnerScreen

from .conftest import World, settle

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"


def _titles(screen: RunnerScreen) -> list[str]:
    return [command.title for command in screen.palette_commands()]


async def test_a_compliance_checklist_lists_no_choice_nor_yes_no(world: World) -> None:
    backup = ChecklistCatalog.from_folders([CHECKLISTS]).get("backup-media")
    session = world.repo.start_session(
        backup,
        world.org_ids["210"],
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        respondent_id=None,
        inspector_name="監査 太郎",
        session_date=date(2025, 6, 2),
    )
    app = world.app()
    app.context.__dict__["catalog"] = ChecklistCatalog([world.checklist, backup])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_runner(session.id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        titles = _titles(screen)
    answers = [title.split(": ", 1)[1] for title in titles if title.startswith("回答: ")]
    assert {"遵守", "不遵守", "該当なし"} <= set(answers), answers
    assert not [a for a in answers if a.startswith("選択肢") or a in ("はい", "いいえ")], answers
    assert "回答: 検索" in titles  # the other commands stay


async def test_a_mixed_checklist_lists_as_many_choices_as_its_items_have(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_runner(world.session_ids["open"])
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunnerScreen)
        titles = _titles(screen)
    choices = [title for title in titles if "選択肢" in title]
    assert len(choices) == 3, choices  # h-03 and n-02 have three choices each
    assert {"回答: はい", "回答: いいえ", "回答: 遵守"} <= set(titles), titles


def test_offered_by_reads_the_items() -> None:
    catalog = ChecklistCatalog.from_folders([CHECKLISTS])
    backup = catalog.get("backup-media")
    assert offered_by(backup, "answer('noncompliant')")
    assert not offered_by(backup, "answer('yes')")
    assert not offered_by(backup, "choose(1)")
    assert not offered_by(backup, "input")
    assert offered_by(backup, "search")
    hearing = catalog.get("id-password-hearing")
    assert offered_by(hearing, "answer('yes')") and offered_by(hearing, "choose(1)")
    assert not offered_by(hearing, "answer('compliant')")
