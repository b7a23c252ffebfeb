"""The card ledger's loss days say what they count (walk7b N5): 「紛失 38日後」 in the list
(after what?) reads 「紛失+38日」, and `?` help says it: the days from the card last
seen to the loss recorded."""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.domain.cards import CardEventKind, CardKind, CardUse
from inspector.store.repositories.site import NewCard
from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.help import HelpScreen

from .conftest import World, settle
from .drawn import screen_lines

SIZE = (80, 24)


async def test_the_loss_days_say_what_they_count_in_the_list_and_in_help(world: World) -> None:
    org = world.org_ids["210"]
    site = world.context.site
    (lost,) = site.add_cards(
        [
            NewCard(
                org,
                "SR-04",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                issued_at=datetime(2025, 4, 1, tzinfo=UTC),
            )
        ],
        "tester",
    )
    site.record_event(lost.id, CardEventKind.SEEN, "tester", at=datetime(2025, 4, 10, tzinfo=UTC))
    site.record_event(
        lost.id, CardEventKind.LOSS, "tester", at=datetime(2025, 5, 18, 5, tzinfo=UTC)
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = CardLedgerScreen(app.context, org)
        app.push_screen(screen)
        await settle(pilot)
        lines = screen_lines(app.screen)
        app.push_screen(HelpScreen(app.context, screen))
        await settle(pilot)
        helped = "".join(line.strip() for line in screen_lines(app.screen))
    row = next(line for line in lines if "SR-04" in line)
    assert "紛失+38日" in row, row  # whole at 80 columns
    assert "日後" not in row
    assert "「紛失+N日」＝最終確認の N 日後に紛失を記録" in helped, helped
