"""The collection screen names the manager who heard the staff of roster forms, as
`selfcheck collect --manager NAME` does (migration 0015, `heard_by`), through the same
service: the name normalized (NFKC, spaces collapsed) and recorded on every hearing of the
roster; a name with a control character refused with where and which character before the
path is asked (nothing collected, the name kept in its field to fix); another manager than
the one recorded refuses the file; an empty field records none (不明)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Static

from inspector.config import Settings
from inspector.context import AppContext
from inspector.tui.app import InspectorApp
from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.prompt import PromptScreen
from tests.corpus.excel_forms import distribute, fill_roster
from tests.excel.test_hearing_manager import _heard_by
from tests.excel.test_selfcheck_excel import DEPARTMENT, OPERATOR, db, dump
from tests.tui.conftest import settle

__all__ = ["db"]

SIZE = (80, 24)
TODAY = date(2026, 12, 3)
MANAGER = "拠点 課長"


def _app(db: Path) -> InspectorApp:
    return InspectorApp(AppContext(Settings(db=str(db), user="監査 太郎")), today=TODAY)


def _roster(db: Path, tmp_path: Path) -> Path:
    (roster,) = distribute(db, tmp_path / "r", OPERATOR, "--organization", "S00")
    fill_roster(roster, {("P000", "o-01"): "不遵守", ("P011", "o-01"): "遵守"})
    return roster


async def _open(pilot: Any) -> CollectionScreen:
    await settle(pilot)
    pilot.app.push_screen(CollectionScreen(pilot.app.context))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CollectionScreen)
    return screen


async def _collect(pilot: Any, manager: str, path: Path) -> None:
    """`m`, the manager's name, enter, `o`, the path, enter."""
    await pilot.press("m")
    pilot.app.screen.query_one("#collection-manager", Input).value = manager
    await pilot.press("enter", "o")
    await settle(pilot)
    await pilot.press(*str(path))
    await pilot.press("enter")
    await settle(pilot)


def _messages(app: InspectorApp) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_the_manager_given_on_the_screen_is_recorded_normalized(
    db: Path, tmp_path: Path
) -> None:
    roster = _roster(db, tmp_path)
    app = _app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await _collect(pilot, "  拠点\u3000\u3000課長 ", roster)
        assert isinstance(app.screen, CollectionScreen)
        assert screen.query_one(DataTable).has_focus  # enter in the field gave it back
        # the respondent cell is cut at 80 columns: the highlighted form is whole below
        assert "聴取者：拠点 課長" in screen.detail_text
    assert _heard_by(db) == {"P000": MANAGER, "P011": MANAGER}


async def test_a_name_with_a_control_character_is_refused_before_the_path(
    db: Path, tmp_path: Path
) -> None:
    _roster(db, tmp_path)
    before = dump(db)
    app = _app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("m")
        field = screen.query_one("#collection-manager", Input)
        field.value = "課長\x1b[2J"
        await pilot.press("enter", "o")
        await settle(pilot)
        assert not isinstance(app.screen, PromptScreen)  # no path asked
        message = _messages(app)[-1]
        for part in ("「聴取した管理者」欄", "3 文字目", "U+001B"):
            assert part in message, message
        assert "--manager" not in message
        assert field.value == "課長\x1b[2J" and field.has_focus  # kept, to be fixed
        field.value = " \u3000 "
        await pilot.press("enter", "o")
        await settle(pilot)
        assert "「聴取した管理者」欄）が空です" in _messages(app)[-1]
    assert dump(db) == before


async def test_another_manager_than_recorded_refuses_the_file(db: Path, tmp_path: Path) -> None:
    roster = _roster(db, tmp_path)
    app = _app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await _collect(pilot, MANAGER, roster)
        with sqlite3.connect(db) as conn:
            before = list(conn.iterdump())
        await _collect(pilot, "別の 課長", roster)
        refused = str(screen.query_one("#collection-refused", Static).render())
        assert "P000" in refused and MANAGER in refused and "別の 課長" in refused, refused
    assert dump(db) == before


async def test_an_empty_field_records_no_manager(db: Path, tmp_path: Path) -> None:
    roster = _roster(db, tmp_path)
    app = _app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        await _collect(pilot, "", roster)
    assert _heard_by(db) == {"P000": None, "P011": None}


def test_the_collection_screen_80x24(snap_compare: Any, db: Path) -> None:
    """The field empty: its placeholder whole at 80 columns."""

    async def run_before(pilot: Any) -> None:
        await _open(pilot)

    assert snap_compare(_app(db), terminal_size=SIZE, run_before=run_before)


def test_the_collection_screen_with_a_manager_80x24(snap_compare: Any, db: Path) -> None:
    async def run_before(pilot: Any) -> None:
        await _open(pilot)
        await pilot.press("m", *"拠点", "space", *"課長", "enter")
        await settle(pilot)

    assert snap_compare(_app(db), terminal_size=SIZE, run_before=run_before)


async def test_a_manager_given_for_a_form_that_is_no_roster_refuses_it(
    db: Path, tmp_path: Path
) -> None:
    (form,) = distribute(db, tmp_path / "d", DEPARTMENT, "--organization", "S01")
    before = dump(db)
    app = _app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await _collect(pilot, MANAGER, form)
        refused = str(screen.query_one("#collection-refused", Static).render())
        assert "名簿形式ではありません" in refused and "「聴取した管理者」欄" in refused, refused
    assert dump(db) == before
