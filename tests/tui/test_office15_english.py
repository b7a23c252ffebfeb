"""office15 (11), through Textual's Pilot at 80x24 under --lang en: no Japanese of the
interface's own in English: the quit dialog's bullet, the card ledger's brackets around the
place a card was found, the measure entry's refusal of a date."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Label, Static

from inspector.domain.cards import CardEventKind, CardKind, CardUse
from inspector.store.repositories.site import NewCard
from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.measure_entry import MeasureEntryScreen
from inspector.tui.screens.plan_detail import PlanDetailScreen
from inspector.tui.screens.quit_confirm import QuitConfirmScreen
from tests.tui.drawn import region_lines, screen_lines

from .conftest import World, settle
from .test_plan_edit import add_plan

_JAPANESE_MARKS = "・（）令和"


async def _press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_the_quit_dialog_lists_without_a_japanese_bullet(world: World) -> None:
    app = world.app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _press(pilot, "x", "m")
        await pilot.press(*"Yamada")
        await _press(pilot, "ctrl+q")
        ask = app.screen
        assert isinstance(ask, QuitConfirmScreen)
        [said] = [str(label.render()) for label in ask.query(".quit-lost").results(Label)]
        assert said.startswith("- ") and "Yamada" in said, said
        assert not any(mark in said for mark in _JAPANESE_MARKS), said
        await _press(pilot, "n")


async def test_the_card_ledger_puts_the_place_in_latin_brackets(world: World) -> None:
    org = world.org_ids["210"]
    site = world.context.site
    [card] = site.add_cards(
        [
            NewCard(
                org,
                "SR-01",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                issued_at=datetime(2025, 4, 1, tzinfo=UTC),
            )
        ],
        "tester",
    )
    site.record_event(
        card.id,
        CardEventKind.FOUND_ELSEWHERE,
        "tester",
        at=datetime(2025, 5, 20, 3, tzinfo=UTC),
        place="desk drawer",
    )
    app = world.app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = CardLedgerScreen(app.context, org)
        app.push_screen(screen)
        await settle(pilot)
        row = next(line for line in screen_lines(screen) if "SR-01" in line)
        detail = screen.query_one("#cards-detail", Static)
        under = "".join(line.strip() for line in region_lines(screen, detail.region))
        for text in (row, under):
            assert not any(mark in text for mark in _JAPANESE_MARKS), text
        assert " (desk" in row, row


async def test_the_measure_entry_refuses_a_date_in_english_words(world: World) -> None:
    plan_id = add_plan(world)
    app = world.app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, plan_id))
        await settle(pilot)
        await _press(pilot, "a")
        entry = app.screen
        assert isinstance(entry, MeasureEntryScreen)
        entry.query_one("#entry-date").value = "2025-02-30"  # type: ignore[attr-defined]
        await _press(pilot, "ctrl+s")
        assert app.screen is entry
        said = str(entry.query_one("#entry-error", Label).render())
        assert "2027-03-31" in said, said
        assert not any(mark in said for mark in _JAPANESE_MARKS), said
