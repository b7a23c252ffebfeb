"""The card ledger at 80 columns with a loss recorded 399 days after the card was last seen
(walk8b M3): the status 「紛失+399日」 shows whole, and the holder's name is not cut."""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.domain.cards import CardEventKind, CardKind, CardUse
from inspector.store.repositories.site import NewCard
from inspector.tui.screens.card_ledger import CardLedgerScreen

from .conftest import World, settle
from .drawn import screen_lines

SIZE = (80, 24)


async def test_three_digit_loss_days_and_the_name_fit(world: World) -> None:
    org = world.org_ids["210"]
    holder = world.person_ids["B001"]  # 鈴木 次郎: 9 cells
    site = world.context.site
    (lost,) = site.add_cards(
        [
            NewCard(
                org,
                "SR-04",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                holder_id=holder,
                issued_at=datetime(2025, 4, 1, tzinfo=UTC),
            )
        ],
        "tester",
    )
    site.record_event(lost.id, CardEventKind.SEEN, "tester", at=datetime(2025, 4, 10, tzinfo=UTC))
    site.record_event(
        lost.id, CardEventKind.LOSS, "tester", at=datetime(2026, 5, 14, 5, tzinfo=UTC)
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = CardLedgerScreen(app.context, org)
        app.push_screen(screen)
        await settle(pilot)
        lines = screen_lines(app.screen)
    row = next(line for line in lines if "SR-04" in line)
    assert "紛失+399日" in row, lines
    assert "鈴木 次郎" in row, lines
