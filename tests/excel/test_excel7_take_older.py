"""Answers stamped with a collect's time (older versions, or a return without a saved
time) made a later correction, saved before that collect, look "older" and be skipped
for good (excel7, 2). `selfcheck collect --take-older` takes a return's answers over the
stored ones all the same: each replaced answer is in the change log with its old value,
each is listed (terminal and JSON) with both times, and the answer is dated when the
workbook was saved. Without the flag the skipped answers say how to take them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from tests.corpus.excel_forms import distribute, fill_organization, invoke, item_rows
from tests.excel.test_excel5 import _saved, _value
from tests.excel.test_selfcheck_excel import DEPARTMENT, db, dump

__all__ = ["db"]


def _changes(db: Path, item: str) -> list[tuple[str | None, str | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT old_value, new_value FROM answer_change WHERE item_id = ? ORDER BY id",
            (item,),
        ).fetchall()
    return [(old, new) for old, new in rows]


def _answered_at(db: Path, item: str) -> str:
    with sqlite3.connect(db) as conn:
        (at,) = conn.execute("SELECT answered_at FROM answer WHERE item_id = ?", (item,)).fetchone()
    return str(at)


def _returns(db: Path, tmp_path: Path) -> tuple[Path, Path, int]:
    """The first return collected with the collect's time (no saved time, as older versions
    dated every answer); the correction saved an hour before that collect."""
    (form,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    row = item_rows(load_workbook(form)["回答"])["d-01"]
    first = fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "first.xlsx")
    second = fill_organization(form, {"d-01": "遵守"}, out=tmp_path / "second.xlsx")
    _saved(first, None)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    _saved(second, hour_ago.strftime("%Y-%m-%dT%H:%M:%SZ"))
    result = invoke(db, "selfcheck", "collect", str(first))
    assert result.exit_code == 0, result.stderr
    assert _value(db, "d-01") == "noncompliant"
    return form, second, row


def test_a_correction_saved_before_a_stamped_collect_is_taken_with_take_older(
    db: Path, tmp_path: Path
) -> None:
    _, second, row = _returns(db, tmp_path)
    before = dump(db)
    plain = invoke(db, "selfcheck", "collect", str(second))
    assert plain.exit_code == 0
    assert "古い回答を 1 件取り込みませんでした" in plain.stdout
    assert "--take-older を付けてもう一度回収してください" in plain.stdout
    assert dump(db) == before

    result = invoke(db, "selfcheck", "collect", "--take-older", "--json", str(second))
    assert result.exit_code == 0, result.stderr
    (receipt,) = json.loads(result.stdout)["files"]
    assert (receipt["updated"], receipt["older"]) == (1, 0)
    [taken] = receipt["taken_older"]
    assert (taken["cell"], taken["item"]) == (f"E{row}", "d-01")
    assert taken["saved_at"] < taken["stored_at"]
    assert _value(db, "d-01") == "compliant"
    assert _changes(db, "d-01") == [(None, "noncompliant"), ("noncompliant", "compliant")]
    # dated when the correction was saved, not when it was collected
    assert _answered_at(db, "d-01")[:16] == taken["saved_at"].replace("T", " ")[:16]

    again = dump(db)  # the same file again, with or without the flag: nothing changes
    assert invoke(db, "selfcheck", "collect", "--take-older", str(second)).exit_code == 0
    assert invoke(db, "selfcheck", "collect", str(second)).exit_code == 0
    assert dump(db) == again


def test_take_older_lists_each_answer_taken_on_the_terminal(db: Path, tmp_path: Path) -> None:
    _, second, row = _returns(db, tmp_path)
    result = invoke(db, "selfcheck", "collect", "--take-older", str(second))
    assert result.exit_code == 0, result.stderr
    assert "古い回答も取り込む指定（--take-older、画面では t）により取り込みました" in result.stdout
    assert f"second.xlsx 回答!E{row}: 項目 d-01" in result.stdout
    en = invoke(db, "--lang", "en", "selfcheck", "collect", str(second))
    assert en.exit_code == 0 and "taken" not in en.stdout  # nothing older left


def test_without_the_flag_an_older_copy_is_still_skipped(db: Path, tmp_path: Path) -> None:
    """The rule stays: a copy saved before the stored answers takes nothing back."""
    form, second, _ = _returns(db, tmp_path)
    assert invoke(db, "selfcheck", "collect", "--take-older", str(second)).exit_code == 0
    first = fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "copy.xlsx")
    _saved(first, "2020-01-01T00:00:00Z")
    before = dump(db)
    result = invoke(db, "selfcheck", "collect", "--json", str(first))
    (receipt,) = json.loads(result.stdout)["files"]
    assert (receipt["older"], receipt["taken_older"]) == (1, [])
    assert dump(db) == before
    en = invoke(db, "--lang", "en", "selfcheck", "collect", str(first))
    assert "collect it again with --take-older" in en.stdout
