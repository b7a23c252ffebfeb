"""Self-check forms handed out from the collection screen (`d`, office9a): the same
service as `selfcheck distribute`, written in a worker with a progress bar, the folder
remembered, an existing workbook replaced only after a yes; and the collection table
fitted to 80 columns with the highlighted form whole below it (walk8 M3, M5)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
from textual.widgets import DataTable, Input, Label

from inspector.domain.business_days import japan_today, next_business_day
from inspector.exchange.workbooks.layout import SHEET_COVER, SHEET_FORM
from inspector.store.repositories.distributed_forms import forms
from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.distribute_forms import DistributeScreen
from inspector.tui.screens.work_progress import WorkProgressScreen

from .conftest import World, settle, wait_until

SIZE = (80, 24)


async def _press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _dialog(pilot) -> DistributeScreen:  # type: ignore[no-untyped-def]
    """`d`, then the only checklist picked."""
    await _press(pilot, "d", "enter")
    dialog = pilot.app.screen
    assert isinstance(dialog, DistributeScreen)
    return dialog


async def _finished(pilot) -> WorkProgressScreen:  # type: ignore[no-untyped-def]
    progress = pilot.app.screen
    assert isinstance(progress, WorkProgressScreen)
    await wait_until(pilot, lambda: not progress.running, "the forms written")
    await settle(pilot)
    return progress


def _identity(path: Path) -> dict[str, str]:
    """The form's hidden identity sheet (form id, organization) and the cover's text."""
    book = openpyxl.load_workbook(path)
    values = {str(r[0].value): str(r[1].value) for r in book[SHEET_FORM].iter_rows()}
    cover = " ".join(str(c.value) for row in book[SHEET_COVER].iter_rows() for c in row if c.value)
    values["cover"] = cover
    return values


async def test_forms_are_handed_out_from_the_collection_screen(
    world: World, tmp_path: Path
) -> None:
    out = tmp_path / "forms"
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "x")
        screen = app.screen
        assert isinstance(screen, CollectionScreen)
        assert "d で配布" in str(screen.query_one("#collection-status", Label).render())
        dialog = await _dialog(pilot)
        dialog.query_one("#distribute-due", Input).value = "令和7年6月31日"  # no such day
        dialog.query_one("#distribute-folder", Input).value = str(out)
        await _press(pilot, "ctrl+s")
        assert app.screen is dialog and not out.exists()
        assert "令和7年6月31日" in str(dialog.query_one("#distribute-error", Label).render())
        due = next_business_day(japan_today() + timedelta(days=14))  # doc10: after today
        dialog.query_one("#distribute-due", Input).value = due.isoformat()
        await _press(pilot, "ctrl+s")
        progress = await _finished(pilot)
        assert progress.error is None, progress.error
        said = str(progress.query_one("#work-result", Label).render())
        assert "4 件の様式を" in said and str(out.resolve()) in said.replace("\n", "")
        await _press(pilot, "escape")
        assert app.screen is screen
        table = screen.query_one(DataTable)
        assert table.row_count == 4
        # the organization's name, not only its code; the form whole below the table
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(4)]
        assert any("110 市民課" in r for r in rows), rows
        assert "未回収" in rows[0]
        assert "tui-sample" in screen.detail_text and ".xlsx" in screen.detail_text
    recorded = {f.file_name: f for f in forms(world.context.engine, None)}
    files = sorted(p.name for p in out.glob("*.xlsx"))
    assert files == sorted(recorded) and len(files) == 4
    for name, form in recorded.items():
        values = _identity(out / name)
        assert values["form_id"] == form.form_id
        assert name.startswith(values["organization"] + "_")
        assert f"提出期限 {due.isoformat()}" in values["cover"]  # the cover prints the ISO day


async def test_an_existing_workbook_is_replaced_only_after_a_yes(
    world: World, tmp_path: Path
) -> None:
    out = tmp_path / "forms"
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "x")
        dialog = await _dialog(pilot)
        # one organization (and the section below it): the others cleared
        dialog.query_one("#distribute-folder", Input).value = str(out)
        await _press(pilot, "a")  # none
        await _press(pilot, "space")  # 100 市民部 (and 110 市民課 below it)
        await _press(pilot, "ctrl+s")
        await _finished(pilot)
        await _press(pilot, "escape")
        first = {p.name: _identity(p)["form_id"] for p in out.glob("*.xlsx")}
        assert sorted(first) == ["100_市民部_tui-sample.xlsx", "110_市民課_tui-sample.xlsx"]

        dialog = await _dialog(pilot)
        # the folder used last is offered
        assert dialog.query_one("#distribute-folder", Input).value == str(out.resolve())
        await _press(pilot, "ctrl+s")
        ask = app.screen
        assert isinstance(ask, ConfirmScreen)
        assert "2 件" in ask.question and "100_市民部_tui-sample.xlsx" in ask.question
        await _press(pilot, "n")
        assert {p.name: _identity(p)["form_id"] for p in out.glob("*.xlsx")} == first
        assert len(forms(world.context.engine, None)) == 2

        dialog = await _dialog(pilot)
        await _press(pilot, "ctrl+s", "y")
        progress = await _finished(pilot)
        assert progress.error is None, progress.error
    again = {p.name: _identity(p)["form_id"] for p in out.glob("*.xlsx")}
    assert set(again) == set(first) | {
        "200_総務部_tui-sample.xlsx",
        "210_情報政策課_tui-sample.xlsx",
    }
    assert all(again[name] != first[name] for name in first)  # new forms, written over


async def test_the_collection_fits_80_columns_in_english(world: World, tmp_path: Path) -> None:
    from inspector.services.form_distribution import distribute

    distribute(world.context, world.checklist.id, (), tmp_path / "forms")
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "x")
        screen = app.screen
        assert isinstance(screen, CollectionScreen)
        table = screen.query_one(DataTable)
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths) <= 80 - 2, widths  # nothing beyond the screen's right edge
        rows = [[str(c).strip() for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert {r[2] for r in rows} == {"pending"}  # the state whole, not "not r…"
        assert sorted(r[1] for r in rows) == [
            "100 市民部",
            "110 市民課",
            "200 総務部",
            "210 情報政策課",
        ]
