"""From 令和10 a whole day takes 16 cells (令和10年12月28日), one more than the date columns
sized for this era's one-digit years: at 80x24 the home list, the card ledger and the
consolidation drill show such a day in the short form (令和10.12.28), never cut, and a day
that fits (令和11年1月5日) whole."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rich.cells import cell_len

from inspector.domain.cards import CardEventKind, CardKind, CardUse
from inspector.domain.model import Role, SessionKind
from inspector.i18n import Translator
from inspector.store.repositories.site import NewCard
from inspector.tui.dates import day_cells, fitted_day_text
from inspector.tui.screens.card_ledger import CardLedgerScreen
from tests.tui.conftest import World, settle
from tests.tui.drawn import screen_lines

SIZE = (80, 24)
REIWA_10 = date(2028, 12, 28)  # 令和10年12月28日: 16 cells
REIWA_11 = date(2029, 1, 5)  # 令和11年1月5日: 14 cells


def test_a_day_too_wide_for_its_column_is_short_and_a_day_that_fits_whole() -> None:
    t = Translator("ja")
    cells = day_cells(t)
    assert cell_len("令和10年12月28日") > cells
    assert fitted_day_text(REIWA_10, t, cells) == "令和10.12.28"
    assert fitted_day_text(REIWA_11, t, cells) == "令和11年1月5日"
    assert fitted_day_text(date(2027, 12, 28), t, cells) == "令和9年12月28日"
    assert fitted_day_text(REIWA_10, Translator("en"), day_cells(Translator("en"))) == (
        "2028-12-28"
    )


async def test_the_home_list_shows_reiwa_10_and_11_days_whole_at_80(world: World) -> None:
    for day in (REIWA_10, REIWA_11):
        world.repo.start_session(
            world.checklist,
            world.org_ids["110"],
            role=Role.HEAD,
            kind=SessionKind.SELF_CHECK,
            respondent_id=world.person_ids["A002"],
            session_date=day,
        )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drawn = "\n".join(screen_lines(app.screen))
    assert "令和10.12.28" in drawn, drawn
    assert "令和11年1月5日" in drawn, drawn
    assert "令和10年12月2" not in drawn  # the cut whole form is gone


async def test_the_card_ledger_shows_a_reiwa_10_day_whole_at_80(world: World) -> None:
    org = world.org_ids["210"]
    (card,) = world.context.site.add_cards(
        [
            NewCard(
                org,
                "SR-01",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                holder_id=world.person_ids["B001"],
                issued_at=datetime(2028, 4, 1, tzinfo=UTC),
            )
        ],
        "tester",
    )
    world.context.site.record_event(
        card.id, CardEventKind.SEEN, "tester", at=datetime(2028, 12, 28, 3, tzinfo=UTC)
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CardLedgerScreen(app.context, org, world.session_ids["completed"]))
        await settle(pilot)
        lines = screen_lines(app.screen)
    row = next(line for line in lines if "SR-01" in line)
    assert "令和10.12.28" in row, lines
