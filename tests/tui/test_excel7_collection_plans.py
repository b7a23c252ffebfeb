"""The collection screen collects a returned 改善計画書 too (as `plans collect`) and lists
the rows it left out (excel7, 3), as the CLI prints them: rows of a finding withdrawn since
the export (with a cell problem, which refuses nothing), rows whose plan changed in the
app as well (a version clash); the list scrolls from the keyboard within 80x24. A manager
named in the field refuses a 改善計画書, as it does a form that is no roster."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.containers import VerticalScroll
from textual.widgets import Static

from tests.excel.test_plans_excel import db, demo_source, dump
from tests.excel.test_plansw6 import (
    GONE,
    KEPT,
    _export,
    _fill,
    _finding_id,
    _plan,
    _repo,
    _withdraw,
)
from tests.tui.conftest import settle
from tests.tui.drawn import region_lines
from tests.tui.test_excel7_collection import _skipped
from tests.tui.test_trust4_collection import SIZE, _app, _open

__all__ = ["db", "demo_source"]


def _book(db: Path, tmp_path: Path) -> tuple[Path, str]:
    """The workbook, and the uid of the plan changed on both sides."""
    meta = _export(db, tmp_path / "w1.xlsx")
    book = _fill(
        tmp_path / "w1.xlsx",
        tmp_path / "w2.xlsx",
        {
            f"H{KEPT}": date(2027, 6, 30),  # changed in the app too, below
            f"J{GONE}": "説明\u202eです",  # a control character on the withdrawn finding
        },
    )
    repo = _repo(db)
    repo.update_plan(
        _plan(db, meta[f"plan:{KEPT}"]).id, {"deadline": date(2027, 1, 31)}, "監査 花子"
    )
    repo.engine.dispose()
    _withdraw(db, _finding_id(db, meta[f"finding:{GONE}"]))
    return book, meta[f"plan:{KEPT}"]


async def _collect(pilot: Any, path: Path) -> None:
    await pilot.press("o")
    await settle(pilot)
    await pilot.press(*str(path))
    await pilot.press("enter")
    await settle(pilot)


async def test_a_plans_workbook_lists_withdrawn_and_clashing_rows(db: Path, tmp_path: Path) -> None:
    book, clash = _book(db, tmp_path)
    app = _app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await _collect(pilot, book)
        skipped = _skipped(screen)
        assert f"{GONE} 行目: 指摘 2 は取り下げられています" in skipped, skipped
        assert f"改善計画書!J{GONE}" in skipped and "U+202E" in skipped
        assert f"{KEPT} 行目: 監査 花子 さんが" in skipped
        assert not screen.query_one("#collection-refused", Static).display  # no （なし）
        results = screen.query_one("#collection-results", VerticalScroll)
        assert results.region.height <= 8 and results.region.bottom <= SIZE[1] - 2
        assert results.max_scroll_y > 0  # more than fits: scrolled from the keyboard
        await pilot.press("tab")  # from the table
        assert results.has_focus
        await pilot.press("end")
        await settle(pilot)
        assert results.scroll_y == results.max_scroll_y
        drawn = region_lines(screen, results.region)
        assert any("拒否する理由にしていません。" in line for line in drawn), drawn
        # wrapped by the 禁則 rule: no line starts with 。、）
        assert not any(line.strip().startswith(("。", "、", "）")) for line in drawn), drawn
    assert _plan(db, clash).deadline == date(2027, 1, 31)  # the clashing row wrote nothing


async def test_a_manager_named_refuses_a_plans_workbook(db: Path, tmp_path: Path) -> None:
    book, _ = _book(db, tmp_path)
    before = dump(db)
    app = _app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("m", *"課長", "enter")
        await _collect(pilot, book)
        refused = str(screen.query_one("#collection-refused", Static).render())
        assert "改善計画書で、名簿形式の様式ではありません" in refused, refused
    assert dump(db) == before
