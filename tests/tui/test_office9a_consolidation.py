"""The consolidation screen at 80x24 (office9a): exported to Excel and PDF (`e`, as
`consolidate --xlsx` and `report summary`), the files read back; the worst items' texts
and reasons in one wide column, not cut to 7 and 11 characters with the right of the
screen empty; the items tab's rate column fits in English; the highlighted row whole
below the tables (walk8 M3, M5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from textual.widgets import DataTable, Input, Label, Select, Static

from inspector.exchange.excel import SHEET_ITEMS
from inspector.store.database import open_database
from inspector.store.repository import Repository
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.consolidation_export import ExportScreen
from inspector.tui.screens.work_progress import WorkProgressScreen
from inspector.tui.text import SCROLLBAR
from inspector.tui.wrapping import Wrapped

from .conftest import settle, wait_until
from .test_consolidation import Data, _session, cells, data, open_screen, press

__all__ = ["data"]  # the fixture, shared with test_consolidation

SIZE = (80, 24)
LONG_REASON = "窓口の混雑時に急ぎの照会があり、指定外の職員が操作した"  # 52 cells


def _detail(screen: object, selector: str) -> str:
    shown = screen.query_one(selector, Static).content  # type: ignore[attr-defined]
    assert isinstance(shown, Wrapped)
    return shown.text.plain


async def _exported(pilot) -> Path:  # type: ignore[no-untyped-def]
    progress = pilot.app.screen
    assert isinstance(progress, WorkProgressScreen)
    await wait_until(pilot, lambda: not progress.running, "the export written")
    await settle(pilot)
    assert progress.error is None, progress.error
    assert "書き出しました" in str(progress.query_one("#work-result", Label).render())
    result: Path = progress.result
    await press(pilot, "escape")
    return result


async def test_export_to_excel_and_pdf_from_the_screen(data: Data, tmp_path: Path) -> None:
    xlsx = tmp_path / "out" / "counts.xlsx"
    xlsx.parent.mkdir()
    app = data.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await press(pilot, "e")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert dialog.query_one("#export-path", Input).value.endswith("consolidation-mini.xlsx")
        dialog.query_one("#export-path", Input).value = str(xlsx)
        await press(pilot, "ctrl+s")
        assert await _exported(pilot) == xlsx
        assert app.screen is screen

        await press(pilot, "e")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        dialog.query_one("#export-format", Select).value = "pdf"
        await settle(pilot)
        path = dialog.query_one("#export-path", Input).value
        # the folder used last, the name `report summary` gives
        assert path == str(xlsx.parent.resolve() / "summary-mini.pdf")
        await press(pilot, "ctrl+s")
        pdf = await _exported(pilot)

        before = xlsx.read_bytes()
        await press(pilot, "e")
        field = app.screen.query_one("#export-path", Input)
        field.value = str(xlsx)
        field.focus()
        await press(pilot, "enter")  # Enter in the field exports too
        ask = app.screen
        assert isinstance(ask, ConfirmScreen) and str(xlsx) in ask.question
        await press(pilot, "n")  # back to the dialog, the path kept (office15)
        assert isinstance(app.screen, ExportScreen) and xlsx.read_bytes() == before
        assert app.screen.query_one("#export-path", Input).value == str(xlsx)
    book = openpyxl.load_workbook(xlsx)
    rows = [[c.value for c in row] for row in book[SHEET_ITEMS].iter_rows()]
    c1 = next(r for r in rows if r and r[0] == "c1")
    assert "操作者は指定された者に限られている" in c1 and 3 in c1  # three units broke it
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "小さな点検表" in text and "操作者は指定された者に限られている" in text


async def test_worst_items_and_reasons_are_not_cut_short(data: Data) -> None:
    repo = Repository(open_database("sqlite:///" + str(data.path)))
    _session(
        repo,
        data.checklist,
        data.orgs["400"],
        date(2025, 5, 25),
        {"c1": "noncompliant"},
        extra={"c1": {"reasons": (), "reason_text": LONG_REASON}},
    )
    repo.engine.dispose()
    app = data.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await press(pilot, "3")
        table = screen.query_one("#cons-reasons", DataTable)
        assert cells(table, "c1\t")[1] == "操作者は指定された者に限られている"
        reasons = [
            cells(table, key.value)[1]
            for key in table.rows
            if key.value.startswith("c1\t") and key.value != "c1\t"
        ]  # type: ignore[union-attr]
        assert f"・{LONG_REASON}" in reasons, reasons
        # the columns use the screen's width (the wide column is not 16 + 24 cells)
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert used >= 80 - SCROLLBAR - 2, used
        table.move_cursor(row=table.get_row_index(f"c1\t{reasons.index('・' + LONG_REASON)}"))
        await settle(pilot)
        detail = _detail(screen, "#cons-worst-detail")
        assert "操作者は指定された者に限られている" in detail and LONG_REASON in detail


async def test_items_in_english_show_the_rate_and_the_whole_text(data: Data) -> None:
    app = data.app("en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        table = screen.query_one("#cons-items", DataTable)
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths) <= 80 - SCROLLBAR, widths  # every column on the screen
        assert str(list(table.columns.values())[-1].label).strip() == "rate"
        assert cells(table, "c1")[-1] == "75.0%"
        await press(pilot, "down")
        detail = _detail(screen, "#cons-items-detail")
        whole = data.checklist.item("c2").text.get("en")
        assert f"c2  {whole}" in detail and "noncompliant 2" in detail
