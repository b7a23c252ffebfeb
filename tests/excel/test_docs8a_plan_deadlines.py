"""docs8 H1, H2 on the department's return: a 改善計画書 workbook whose deadline is before
the finding's visit or on a closed day is refused, each named by its cell with the visit or
the next business day; nothing is written. A deadline the plan already had stands."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from inspector.exchange.workbooks.plans import SHEET_PLANS
from tests.corpus.excel_forms import edit, invoke


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert invoke(path, "demo").exit_code == 0
    return path


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def test_a_returned_deadline_before_the_visit_or_on_a_holiday_is_refused(
    demo_source: Path, tmp_path: Path
) -> None:
    db = tmp_path / "d.db"
    db.write_bytes(demo_source.read_bytes())
    with sqlite3.connect(db) as c:
        (visit,) = c.execute(
            "select min(s.session_date) from inspection_session s"
            " join organization o on o.id = s.organization_id"
            " join finding f on f.session_id = s.id where o.code = '210'"
        ).fetchone()
    early = date.fromisoformat(visit) - timedelta(days=3)
    book = tmp_path / "plans.xlsx"
    assert (
        invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(book)).exit_code == 0
    )

    before = dump(db)
    for typed, said in (
        (date(2031, 1, 13), ("国民の祝日", "2031-01-14")),  # 成人の日
        (date(2031, 1, 12), ("は日曜日です", "2031-01-14")),  # named: not 土曜日・日曜日
        (date(2031, 1, 11), ("は土曜日です", "2031-01-14")),
        (early, (f"監査日 {visit}",)),
    ):
        edit(book, lambda wb, day=typed: wb[SHEET_PLANS].__setitem__("H4", day))
        result = invoke(db, "plans", "collect", str(book))
        assert result.exit_code == 1
        assert "改善計画書!H4:" in result.stderr, result.stderr
        for text in said:
            assert text in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert dump(db) == before

    edit(book, lambda wb: wb[SHEET_PLANS].__setitem__("H4", date(2031, 1, 14)))
    result = invoke(db, "plans", "collect", str(book))
    assert result.exit_code == 0, result.stderr
    assert dump(db) != before
