"""Small wording found walking at 80x24 (tui14): toasts end with 「。」, the card ledger's
hint is in です・ます, and the passphrase prompt's help (? / F1) lists Enter."""

from __future__ import annotations

from textual.widgets import DataTable, Label

from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.document_progress import PassphraseScreen
from inspector.tui.screens.help import HelpScreen
from inspector.tui.screens.layout_editor import LayoutEditorScreen

from .conftest import World
from .runner_setup import SIZE, notes, open_runner, press, pressed, shown


async def test_the_layout_saved_toast_ends_with_a_full_stop(
    world: World, visit_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, LayoutEditorScreen(app.context, visit_session))
        await press(pilot, "1", "space", "s")
        assert notes(app)[-1] == "レイアウトを保存しました。"


async def test_the_undo_toast_ends_with_a_full_stop(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "2", "k")
        await press(pilot, "u")
        notice = notes(app)[-1]
        assert notice.endswith("回答を「未回答」に戻しました。"), notice


async def test_the_empty_card_ledger_hint_is_polite(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await shown(
            pilot,
            CardLedgerScreen(app.context, world.org_ids["210"], world.session_ids["completed"]),
        )
        title = str(screen.query_one("#cards-title", Label).render())
        assert "（inspector cards import で取り込みます）" in title, title


async def test_the_passphrase_help_lists_enter(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, PassphraseScreen(app.context, "事務局 花子"))
        help_screen = await pressed(pilot, "f1", HelpScreen)
        table = help_screen.query_one("#help-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert any(keys in ("⏎", "Enter") and "開く" in what for keys, what in rows), rows
