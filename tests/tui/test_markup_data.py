"""Data is shown as it is, never read as Textual markup (hunt4 M1): `[/]` in a returned
workbook's cell no longer ends the collection screen (MarkupError), and names holding
`[b]` or `[@click=app.quit]` are shown literally, not bold, not clickable. A crash inside
the interface ends the run with a non-zero status and a short message, without Rich's
traceback of local values."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Label, Static

from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from inspector.services.selfcheck_excel import distribute
from inspector.store.repository import OrganizationInput
from inspector.tui.app import InspectorApp, error_line, run_app
from inspector.tui.error_log import error_log_path
from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.findings import FindingsScreen
from tests.corpus.excel_forms import edit
from tests.tui.conftest import World, settle

SIZE = (120, 30)
EVIL = "[/]悪[b]太字[/b][@click=app.quit]終了[/]"


def _shown(widget: Static) -> str:
    return str(widget.render())


async def test_a_bracket_in_a_refused_cell_is_shown_not_parsed(
    world: World, tmp_path: Path
) -> None:
    out = tmp_path / "forms"
    _good, other = distribute(world.context, world.checklist.id, ("110", "210"), out)
    edit(other, lambda wb: wb[SHEET_ANSWERS].__setitem__("E4", EVIL))
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CollectionScreen)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*str(out))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and app.return_code is None  # still running
        refused = _shown(screen.query_one("#collection-refused", Static))
        assert "[/]悪[b]太字[/b][@click=app.quit]終了[/]" in refused


async def test_names_with_markup_are_shown_literally(world: World) -> None:
    world.repo.upsert_organizations([OrganizationInput("210", EVIL)])
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FindingsScreen(app.context, world.session_ids["completed"]))
        await settle(pilot)
        title = app.screen.query_one("#findings-title", Label)
        assert EVIL in _shown(title)
        # nothing bold or clickable came from the data
        content = title.visual
        assert not any("bold" in str(span.style) for span in getattr(content, "spans", []))
        assert "@click" not in repr(getattr(content, "spans", []))
        app.notify(EVIL)  # notifications never read markup either
        await settle(pilot)
        assert app.return_code is None


async def test_a_collection_table_cell_with_brackets_stays_whole(
    world: World, tmp_path: Path
) -> None:
    world.repo.upsert_organizations([OrganizationInput("110", EVIL)])
    distribute(world.context, world.checklist.id, ("110",), tmp_path / "forms")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        # the organization cell is cut at 80 columns, its brackets shown as typed; the
        # highlighted form is whole below the table
        assert str(table.get_row_at(0)[1]).startswith("110 [/]悪[b]")
        assert isinstance(screen, CollectionScreen) and EVIL in screen.detail_text


def test_error_line_is_the_exception_of_a_rich_traceback() -> None:
    text = (
        "╭──── Traceback (most recent call last) ────╮\n"
        "│ /x/collection.py:171 in on_collected       │\n"
        "│ ╭──── locals ────╮                        │\n"
        "│ │ passphrase = 'secret' │                  │\n"
        "╰────────────────────────────────────────────╯\n"
        "MarkupError: Expected markup style value (found\n"
        "'[/]').\n"
    )
    assert error_line(text) == "MarkupError: Expected markup style value (found '[/]')."


def test_a_crash_in_the_interface_exits_non_zero_with_a_short_message(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(self: InspectorApp) -> None:
        secret = "hidden-local-value"  # a local Rich would have printed
        raise RuntimeError("boom " + secret[:0])

    monkeypatch.setattr(InspectorApp, "on_mount", broken)
    with pytest.raises(SystemExit) as ended:
        run_app(world.new_context(), headless=True, size=(80, 24))
    assert ended.value.code == 1
    err = capsys.readouterr().err
    log = error_log_path()
    # the user's line is Japanese and names the log; the class and its text are in the log
    assert err.strip() == f"予期しないエラーのため画面を終了しました。詳細は {log} に記録しました。"
    assert "hidden-local-value" not in err and "locals" not in err and "╭" not in err
    logged = log.read_text(encoding="utf-8")
    assert "RuntimeError: boom" in logged and "hidden-local-value" not in logged
    assert log.stat().st_mode & 0o077 == 0  # the user's own


def test_an_unexpected_error_is_described_in_japanese_and_logged() -> None:
    from inspector.i18n import Translator
    from inspector.tui.errors import describe_error

    exc = ValueError("auto closing tag ('[/]') has nothing to close")
    for lang, sentence in (("ja", "予期しないエラーが起きました。"), ("en", "An unexpected error")):
        shown = describe_error(exc, Translator(lang))
        assert shown.startswith(sentence) and str(error_log_path()) in shown
        assert "ValueError" not in shown and "closing tag" not in shown
    logged = error_log_path().read_text(encoding="utf-8")
    assert "ValueError: auto closing tag ('[/]') has nothing to close" in logged
