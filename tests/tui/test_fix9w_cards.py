"""walk9 H3 (seed 002): a retired person's card recorded as lost stays a mismatch, and
`f` on it makes a finding of the visit that reaches the visit's notice; `f` again never
makes a second. From home's `l` on a visit, through the ledger, to the finding row and
the notice's data. At 80x24."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from inspector.domain.cards import CardKind, CardUse, MismatchKind, reconcile
from inspector.domain.model import PersonStatus, StaffType
from inspector.services.documents import document_service
from inspector.store.repositories.site import NewCard
from inspector.store.repository import PersonInput
from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.home import HomeScreen

from .conftest import TODAY, World, settle

SIZE = (80, 24)


def _retired_card(world: World) -> int:
    world.repo.upsert_people(
        [PersonInput("C001", "退職 節子", "210", StaffType.REGULAR, PersonStatus.RETIRED)]
    )
    person = next(p for p in world.repo.people() if p.staff_number == "C001")
    (card,) = world.context.site.add_cards(
        [
            NewCard(
                world.org_ids["210"],
                "OP-05",
                CardKind.OPERATOR,
                CardUse.PERSONAL,
                holder_id=person.id,
                issued_at=datetime(2025, 4, 1, tzinfo=UTC),
            )
        ],
        "tester",
    )
    return card.id


def _finding_rows(world: World) -> list[tuple[int | None, str, str]]:
    with sqlite3.connect(world.path) as db:
        return list(db.execute("SELECT session_id, title, text FROM finding ORDER BY id"))


def _mismatches(world: World) -> list[MismatchKind]:
    org = world.org_ids["210"]
    ledger = world.context.site.ledger(org)
    people = {p.id: p for p in world.repo.people()}
    found = reconcile(org, ledger.cards, ledger.events, people, today=TODAY)
    return [m.kind for m in found if m.card_number == "OP-05"]


async def test_a_lost_card_of_a_retired_person_becomes_a_finding_on_the_notice(
    world: World, visit_session: int
) -> None:
    _retired_card(world)
    assert _mismatches(world) == [MismatchKind.HOLDER_RETIRED]
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.selected_session_id == visit_session
        await pilot.press("l")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, CardLedgerScreen) and ledger.session_id == visit_session
        numbers = [s.card.number for s in ledger.states]
        for _ in range(numbers.index("OP-05")):
            await pilot.press("down")
        await pilot.press("l", "y")  # recorded lost
        await settle(pilot)
        listed = str(ledger.query_one("#cards-mismatches").get_row_at(0)[0])  # type: ignore[attr-defined]
        assert "紛失：退職者（退職 節子）が保有していたカード" in listed, listed
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("f")  # again: the one recorded, not a second
        await settle(pilot)
        notices = [str(n.message) for n in app._notifications]
        assert any("記録済み" in n for n in notices), notices
    assert _mismatches(world) == [MismatchKind.LOST_HELD_BY_RETIRED]
    rows = _finding_rows(world)
    assert len(rows) == 1
    session_id, title, text = rows[0]
    assert session_id == visit_session
    assert title == "退職者の操作者識別カード等の未回収・紛失"
    assert text == "OP-05: 紛失：退職者（退職 節子）が保有していたカード"
    data = document_service(world.context).notice_data(visit_session, issue_date=TODAY)
    assert [f.finding.title for f in data.findings] == [title]


def test_a_lost_card_of_an_active_holder_stays_a_mismatch(world: World) -> None:
    from inspector.domain.cards import CardEventKind

    (card,) = world.context.site.add_cards(
        [
            NewCard(
                world.org_ids["210"],
                "OP-05",
                CardKind.OPERATOR,
                CardUse.PERSONAL,
                holder_id=world.person_ids["B001"],
                issued_at=datetime(2025, 4, 1, tzinfo=UTC),
            )
        ],
        "tester",
    )
    assert _mismatches(world) == []
    world.context.site.record_event(card.id, CardEventKind.LOSS, "tester")
    assert _mismatches(world) == [MismatchKind.LOST]
