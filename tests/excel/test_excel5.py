"""Nothing lost in the Excel round trip (excel5): a return is dated by when the department
saved it, so an older copy collected after a newer one takes no answer back (skipped and
listed with its cell); and a date that slipped into the database before dates were
checked is shown in ISO by every list and report instead of a traceback."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from inspector.cli.main import cli
from inspector.domain.era import format_date, shown_date
from inspector.exchange.workbooks.xlsx_cells import saved_at
from inspector.i18n import Translator
from inspector.tui.dates import short_day_text
from tests.corpus.excel_forms import distribute, fill_organization, invoke, item_rows
from tests.excel.test_selfcheck_excel import DEPARTMENT, db, dump

__all__ = ["db"]


def _saved(path: Path, moment: str | None) -> Path:
    """The workbook with its core properties' modified time set (None: no core part)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if moment is None:
        del parts["docProps/core.xml"]
    else:
        parts["docProps/core.xml"] = re.sub(
            rb"(<dcterms:modified[^>]*>)[^<]*",
            rb"\g<1>" + moment.encode(),
            parts["docProps/core.xml"],
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _value(db: Path, item: str) -> str:
    with sqlite3.connect(db) as conn:
        (value,) = conn.execute("SELECT value FROM answer WHERE item_id = ?", (item,)).fetchone()
    return str(value)


def _collect(db: Path, path: Path) -> dict:
    result = invoke(db, "selfcheck", "collect", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    (receipt,) = json.loads(result.stdout)["files"]
    return dict(receipt)


def test_an_older_return_collected_after_a_newer_one_takes_no_answer_back(
    db: Path, tmp_path: Path
) -> None:
    (form,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    row = item_rows(load_workbook(form)["回答"])["d-01"]
    first = fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "first.xlsx")
    second = fill_organization(form, {"d-01": "遵守"}, out=tmp_path / "second.xlsx")
    _saved(first, "2026-12-01T01:00:00Z")
    _saved(second, "2026-12-02T01:00:00Z")
    assert _collect(db, first)["added"] == 1
    assert _collect(db, second)["updated"] == 1
    assert _value(db, "d-01") == "compliant"
    before = dump(db)
    receipt = _collect(db, first)  # the first copy, still in the folder
    assert (receipt["updated"], receipt["older"]) == (0, 1)
    assert receipt["older_cells"][0]["cell"] == f"E{row}"
    assert receipt["older_cells"][0]["item"] == "d-01"
    assert _value(db, "d-01") == "compliant"
    assert dump(db) == before
    # said on the terminal with the file and the cell, exit 0 (the newer answer is kept)
    result = invoke(db, "selfcheck", "collect", str(first))
    assert result.exit_code == 0
    assert f"first.xlsx 回答!E{row}: 項目 d-01" in result.stdout
    assert "古い回答を 1 件取り込みませんでした" in result.stdout
    # the same newer return twice changes nothing
    assert _collect(db, second)["unchanged"] == 1
    assert dump(db) == before


def test_a_return_without_a_save_time_never_replaces_a_different_answer_unless_asked(
    db: Path, tmp_path: Path
) -> None:
    """No save time is an unknown time, not the collect's (imports r16 #1): the return
    is listed like an older one, and taken only with --take-older."""
    (form,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    row = item_rows(load_workbook(form)["回答"])["d-01"]
    first = fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "first.xlsx")
    second = fill_organization(form, {"d-01": "遵守"}, out=tmp_path / "second.xlsx")
    _saved(first, "2026-12-01T01:00:00Z")
    _saved(second, None)
    assert saved_at(second) is None
    assert _collect(db, first)["added"] == 1
    before = dump(db)
    receipt = _collect(db, second)
    assert (receipt["updated"], receipt["older"], receipt["undated"]) == (0, 1, 1)
    assert receipt["older_cells"] == [{"cell": f"E{row}", "item": "d-01", "saved_at": None}]
    assert _value(db, "d-01") == "noncompliant"
    assert dump(db) == before
    result = invoke(db, "selfcheck", "collect", str(second))
    assert result.exit_code == 0
    assert "second.xlsx: 保存日時の記録がないファイルです（回答 1 件）" in result.stdout
    assert f"second.xlsx 回答!E{row}: 項目 d-01" in result.stdout and "時刻なし" in result.stdout
    taken = invoke(db, "selfcheck", "collect", str(second), "--take-older")
    assert taken.exit_code == 0, taken.stderr
    assert _value(db, "d-01") == "compliant"


def test_a_save_time_ahead_of_the_clock_is_no_time(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    Workbook().save(path)
    _saved(path, "2999-01-01T00:00:00Z")
    assert saved_at(path) is None  # unknown, not "now" (review16 #3): tests/excel/test_wb16.py
    _saved(path, "2026-12-01T01:00:00Z")
    assert saved_at(path) == datetime(2026, 12, 1, 1, tzinfo=UTC)
    _saved(path, "not a time")
    assert saved_at(path) is None


def test_a_date_before_meiji_is_shown_in_iso_not_a_crash() -> None:
    day = date(1, 1, 1)
    assert format_date(day) == "0001-01-01"
    assert shown_date(day, "ja") == "0001-01-01"
    assert short_day_text(day, Translator("ja")) == "0001-01-01"
    assert format_date(date(2027, 3, 31)) == "令和9年3月31日"  # unchanged for real dates


def test_lists_and_reports_show_a_stored_deadline_before_meiji(tmp_path: Path) -> None:
    """A deadline stored before deadlines were checked (a 1 in a date cell, 0001/1/1):
    `plans`, `report plans` and `report followup` show it instead of a traceback."""
    demo = tmp_path / "demo.db"
    made = CliRunner().invoke(cli, ["demo", "--db", str(demo)], catch_exceptions=False)
    assert made.exit_code == 0, made.stderr
    with sqlite3.connect(demo) as conn:
        conn.execute(
            "UPDATE improvement_plan SET deadline = '0001-01-01' "
            "WHERE id = (SELECT min(id) FROM improvement_plan)"
        )
    listed = invoke(demo, "plans")
    assert listed.exit_code == 0, listed.stderr
    assert "0001-01-01" in listed.stdout
    for report in ("plans", "followup"):
        out = tmp_path / f"{report}.pdf"
        result = invoke(
            demo, "report", report, "--organization", "210", "--unsigned", "-o", str(out)
        )
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF")
