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
    assert any("令和8.11.14" in line for line in lines), lines
    assert any("令和10.12.28" in line for line in lines), lines
    assert f"{FROM} → {TO}" in first and "運搬者 情報政策課 山本" in first, first
    assert "受領者 未受領" in first
    assert second.startswith("令和10年12月28日") and "運搬者 高橋" in second, second
