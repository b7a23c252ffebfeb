"""walk9 M4, M5, L8 at 80x24: the transport date error says what is wrong (13月はありません)
and nothing is saved; the transport log shows the day as elsewhere (令和8年12月3日) with
the places and the carrier whole; the card ledger shows the kind and the use whole (in
short words); a loss reads in words where the status column holds them, else 紛失+N日."""

from __future__ import annotations

from datetime import UTC, date, datetime

from inspector.domain.cards import CardEventKind, CardKind, CardUse
from inspector.store.repositories.site import NewCard
from inspector.tui.screens.backup_register import BackupRegisterScreen
from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.transport_entry import TransportEntryScreen

from .conftest import World, settle
from .drawn import screen_lines

SIZE = (80, 24)


def _box(world: World) -> int:
    return world.context.site.add_storage(
        world.org_ids["210"],
        name="保管箱A",
        box_location="サーバ室",
        key_location="総務課金庫",
        actor="tester",
    ).id


async def _register(pilot, world: World) -> BackupRegisterScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = BackupRegisterScreen(pilot.app.context, world.org_ids["210"], None)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_a_transport_date_with_month_13_says_so(world: World) -> None:
    _box(world)
    for lang, expected in (("ja", "13月はありません"), ("en", "there is no month 13")):
        app = world.app(lang)
        async with app.run_test(size=SIZE) as pilot:
            await _register(pilot, world)
            await pilot.press("t")
            form = app.screen
            assert isinstance(form, TransportEntryScreen)
            form.set_value("date", "R9.13.1")
            form.set_value("to", "北支所書庫")
            form.set_value("carrier", "加藤 一郎")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            error = form.shown_problem
            assert expected in error and "R9.13.1" in error, error
            form.set_value("date", "R7.2.30")
            await pilot.press("ctrl+s")
            await settle(pilot)
            error = form.shown_problem
            assert ("2月30日はありません" if lang == "ja" else "month 2 has no day 30") in error
    storages = world.context.site.storages(world.org_ids["210"])
    assert world.context.site.transports([s.id for s in storages]) == []


async def test_the_transport_log_is_whole_at_80_columns(world: World) -> None:
    box = _box(world)
    world.context.site.add_transport(
        box,
        transport_date=date(2026, 12, 3),
        from_place="サーバ室",
        to_place="北支所書庫",
        carrier="加藤 一郎",
        box_locked=False,
        key_separate=True,
        actor="tester",
    )
    for lang, cells in (
        (
            "ja",
            ("令和8年12月3日", "サーバ室", "北支所書庫", "加藤 一郎", "運搬元", "運搬先", "運搬者"),
        ),
        ("en", ("2026-12-03", "Locked", "Key apart", "Receiver", "北支所書庫", "Carrier")),
    ):
        app = world.app(lang)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _register(pilot, world)
            table = screen._transport_table
            lines = screen_lines(app.screen)
            top = table.region.y
            shown = "\n".join(lines[top : top + 2])
            for text in cells:
                assert text in shown, (text, shown)
            if lang == "ja":  # English "not received" takes more than 80 columns leave
                assert "…" not in shown, shown
            assert "令和8.12.3" not in "\n".join(lines)


def _cards(world: World) -> None:
    org = world.org_ids["210"]
    site = world.context.site
    issued = datetime(2025, 4, 1, tzinfo=UTC)
    _group, lost = site.add_cards(
        [
            NewCard(
                org,
                "G-01",
                CardKind.OPERATOR,
                CardUse.GROUP,
                group_name="窓口班",
                members=(world.person_ids["B001"],),
                issued_at=issued,
            ),
            NewCard(
                org,
                "SR-04",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                holder_id=world.person_ids["B001"],
                issued_at=issued,
            ),
        ],
        "tester",
    )
    site.record_event(lost.id, CardEventKind.SEEN, "tester", at=datetime(2025, 4, 10, tzinfo=UTC))
    site.record_event(
        lost.id, CardEventKind.LOSS, "tester", at=datetime(2026, 5, 14, 5, tzinfo=UTC)
    )


async def _ledger_rows(world: World, size: tuple[int, int]) -> dict[str, str]:
    app = world.app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(CardLedgerScreen(app.context, world.org_ids["210"]))
        await settle(pilot)
        lines = screen_lines(app.screen)
    return {n: next(line for line in lines if f" {n} " in line) for n in ("G-01", "SR-04")}


async def test_the_card_ledger_kind_and_use_are_whole_at_80_columns(world: World) -> None:
    _cards(world)
    rows = await _ledger_rows(world, SIZE)
    assert "操作者 " in rows["G-01"] and "グループ " in rows["G-01"], rows
    assert "サーバ室 " in rows["SR-04"] and "個人 " in rows["SR-04"], rows
    assert "鈴木 次郎" in rows["SR-04"] and "令和7年4月10日" in rows["SR-04"], rows
    assert "…" not in rows["G-01"] + rows["SR-04"], rows
    # the words do not fit 80 columns: the short form, explained under the list and in `?`
    assert "紛失+399日" in rows["SR-04"], rows


async def test_a_loss_reads_in_words_where_the_column_holds_them(world: World) -> None:
    _cards(world)
    rows = await _ledger_rows(world, (120, 24))
    assert "紛失（最終確認から399日）" in rows["SR-04"], rows
    assert "操作者識別カード" not in rows["G-01"]  # the list's short words stay
