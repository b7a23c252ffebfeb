"""Small wording found walking at 80x24 (tui14): toasts end with 「。」, the card ledger's
hint is in です・ます, and the passphrase prompt's help (? / F1) lists Enter."""

from __future__ import annotations

from textual.widgets import DataTable, Label

from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.document_progress import PassphraseScreen
from inspector.tui.screens.help import HelpScreen
from inspector.tui.screens.layout_editor import LayoutEditorScreen

from .conftest import World, settle
from .test_visit5b import last_notice, open_runner, press

SIZE = (80, 24)


async def test_the_layout_saved_toast_ends_with_a_full_stop(
    world: World, visit_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = LayoutEditorScreen(app.context, visit_session)
        app.push_screen(screen)
        await settle(pilot)
        await pilot.press("1", "space", "s")
        await settle(pilot)
        assert last_notice(app) == "レイアウトを保存しました。"


async def test_the_undo_toast_ends_with_a_full_stop(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "2", "k")
        await press(pilot, "u")
        notice = last_notice(app)
        assert notice.endswith("回答を「未回答」に戻しました。"), notice


async def test_the_empty_card_ledger_hint_is_polite(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = CardLedgerScreen(app.context, world.org_ids["210"], world.session_ids["completed"])
        app.push_screen(screen)
        await settle(pilot)
        title = str(screen.query_one("#cards-title", Label).render())
        assert "（inspector cards import で取り込みます）" in title, title


async def test_the_passphrase_help_lists_enter(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PassphraseScreen(app.context, "事務局 花子"))
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#help-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert any(keys in ("⏎", "Enter") and "開く" in what for keys, what in rows), rows
