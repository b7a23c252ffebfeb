"""walk7 M3 and M4 at 80x24: the backup register's transport log shows every day whole
(令和8.11.… on two rows: which day?) and the transport under the cursor whole under the
log (its places, carrier and receiver are cut in the cells)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from inspector.tui.screens.backup_register import BackupRegisterScreen
from tests.tui.conftest import World, settle
from tests.tui.drawn import region_lines, screen_lines

SIZE = (80, 24)
FROM = "本庁舎地下一階 機械室横 防火区画"
TO = "別館二階 書庫 耐火キャビネット"


async def test_the_transport_log_shows_each_day_and_the_row_under_the_cursor_whole(
    world: World,
) -> None:
    site = world.context.site
    box = site.add_storage(
        world.org_ids["210"],
        name="バックアップ保管箱A",
        box_location="サーバ室",
        key_location="総務課 キーボックス",
        key_holder="係長",
        actor="tester",
    ).id
    for day, carrier in ((date(2026, 11, 14), "情報政策課 山本"), (date(2028, 12, 28), "高橋")):
        site.add_transport(
            box,
            transport_date=day,
            from_place=FROM,
            to_place=TO,
            carrier=carrier,
            box_locked=True,
            key_separate=True,
            actor="tester",
        )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = BackupRegisterScreen(app.context, world.org_ids["210"])
        app.push_screen(screen)
        await settle(pilot)
        lines = screen_lines(app.screen)
        detail = screen.query_one("#backup-transport-detail", Static)
        first = "".join(line.strip() for line in region_lines(app.screen, detail.region))
        screen._transport_table.focus()
        await pilot.press("down")
        await settle(pilot)
        second = "".join(line.strip() for line in region_lines(app.screen, detail.region))
    # the day as elsewhere (walk9 M5); from 令和10 a day of 16 cells may show short
    assert any("令和8年11月14日" in line for line in lines), lines
    assert any("令和10年12月28日" in line or "令和10.12.28" in line for line in lines), lines
    assert f"{FROM} → {TO}" in first and "運搬者 情報政策課 山本" in first, first
    assert "受領者 未受領" in first
    assert second.startswith("令和10年12月28日") and "運搬者 高橋" in second, second


async def test_the_card_ledger_says_the_check_whole_and_what_the_loss_delay_means(
    world: World,
) -> None:
    """M3: the 現地確認 column showed 「別の場…」 (the check itself cut); M4: 「紛失 38日後」
    did not say after what, nor that `l` on a lost card cancels the loss."""
    from datetime import UTC, datetime

    from inspector.domain.cards import CardEventKind, CardKind, CardUse
    from inspector.store.repositories.site import NewCard
    from inspector.tui.screens.card_ledger import CardLedgerScreen
    from inspector.tui.screens.help import HelpScreen

    org = world.org_ids["210"]
    site = world.context.site
    found, lost = site.add_cards(
        [
            NewCard(org, number, CardKind.SERVER_ROOM, CardUse.PERSONAL, issued_at=issued)
            for number, issued in (
                ("SR-01", datetime(2025, 4, 1, tzinfo=UTC)),
                ("SR-02", datetime(2025, 4, 1, tzinfo=UTC)),
            )
        ],
        "tester",
    )
    site.record_event(
        found.id,
        CardEventKind.FOUND_ELSEWHERE,
        "tester",
        at=datetime(2025, 5, 20, 3, tzinfo=UTC),
        place="職員の机の引き出し（施錠なし）",
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
        detail = screen.query_one("#cards-detail", Static)
        first = "".join(line.strip() for line in region_lines(app.screen, detail.region))
        await pilot.press("down")
        await settle(pilot)
        second = "".join(line.strip() for line in region_lines(app.screen, detail.region))
        app.push_screen(HelpScreen(app.context, screen))
        await settle(pilot)
        helped = "\n".join(screen_lines(app.screen))
    row = next(line for line in lines if "SR-01" in line)
    # the check's word whole; the place after it as far as it fits (walk8b M3 gave it room)
    assert "別の場所" in row and "別の場…" not in row, row
    assert "現地確認: 別の場所で発見（職員の机の引き出し（施錠なし））" in first, first
    assert "紛失（最終確認から 38 日 5 時間後に紛失を記録）" in second, second
    assert "l で紛失を取り消します" in second
    assert "紛失のカードでは紛失を取り消す" in helped, helped
