"""Workbooks a collect must not trust as they are (review15, review16): a save time ahead of
the clock is no time (reported, the file taken as of unknown time)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from openpyxl import Workbook

from inspector.exchange.workbooks.xlsx_cells import save_time
from tests.corpus.excel_forms import distribute, fill_organization, invoke
from tests.excel.test_excel5 import _saved
from tests.excel.test_selfcheck_excel import DEPARTMENT, db

__all__ = ["db"]


def test_a_save_time_ahead_of_the_clock_is_kept_apart_not_taken_as_now(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    Workbook().save(path)
    now = datetime(2026, 12, 4, 10, tzinfo=UTC)
    _saved(path, "2026-12-04T10:04:00Z")  # a clock a few minutes ahead: taken as now
    assert save_time(path, now).at == now
    assert save_time(path, now).ahead is None
    _saved(path, "2026-12-04T11:00:00Z")  # an hour ahead: no time, reported
    found = save_time(path, now)
    assert found.at is None
    assert found.ahead == datetime(2026, 12, 4, 11, tzinfo=UTC)
    _saved(path, "2026-12-04T09:00:00Z")
    assert save_time(path, now).at == datetime(2026, 12, 4, 9, tzinfo=UTC)


def test_collect_says_a_save_time_ahead_of_the_clock_naming_the_file_and_time(
    db: Path, tmp_path: Path
) -> None:
    (form,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    ahead = fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "ahead.xlsx")
    later = datetime.now(UTC) + timedelta(days=400)
    _saved(ahead, later.strftime("%Y-%m-%dT%H:%M:%SZ"))
    result = invoke(db, "selfcheck", "collect", str(ahead))
    assert result.exit_code == 0, result.stderr
    shown = later.astimezone(timezone(timedelta(hours=9))).strftime("%Y-%m-%d %H:%M:%S")
    assert f"ahead.xlsx: ブックの保存日時 {shown} がこの PC の時計" in result.stdout
    assert "保存日時が不明なファイルとして取り込みました" in result.stdout
    english = invoke(db, "--lang", "en", "selfcheck", "collect", str(ahead), "--json")
    (receipt,) = json.loads(english.stdout)["files"]
    assert receipt["saved_ahead"] == later.replace(microsecond=0).isoformat()
    plain = invoke(db, "--lang", "en", "selfcheck", "collect", str(ahead))
    assert f"ahead.xlsx: the workbook's save time {shown} is ahead" in plain.stdout
