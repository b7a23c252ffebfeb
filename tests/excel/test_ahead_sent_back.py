"""A return of unknown time (its save time ahead of the clock) collected over stored
answers (review17 #4): said once, as of unknown time, not also as "no save time"; its
different answers are skipped as of unknown time, naming --take-older and the clock; and
the correction of a form sent back (`selfcheck return`) after the stored answers is dated
by the collect and applied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from inspector.exchange.workbooks.layout import SHEET_FORM
from tests.corpus.excel_forms import distribute, fill_organization, invoke
from tests.excel.test_excel5 import _collect, _saved, _value
from tests.excel.test_selfcheck_excel import DEPARTMENT, db, dump

__all__ = ["db"]


def _ahead(path: Path) -> Path:
    later = datetime.now(UTC) + timedelta(days=400)
    return _saved(path, later.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _first(db: Path, tmp_path: Path) -> Path:
    (form,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    first = fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "first.xlsx")
    _saved(first, (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert _collect(db, first)["added"] == 1
    return form


def test_an_ahead_file_over_stored_answers_is_said_once_as_of_unknown_time(
    db: Path, tmp_path: Path
) -> None:
    form = _first(db, tmp_path)
    ahead = _ahead(fill_organization(form, {"d-01": "遵守"}, out=tmp_path / "ahead.xlsx"))
    before = dump(db)
    result = invoke(db, "selfcheck", "collect", str(ahead))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "ahead.xlsx: ブックの保存日時" in out and "いつ保存したかわからないファイルです" in out
    assert "保存日時の記録がない" not in out  # it has one, ahead of the clock
    assert "いつ保存したかわからないため" in out and "--take-older" in out
    assert "先でなくなってからもう一度回収" in out
    assert "より古い回答" not in out  # not said to be older than the stored ones
    assert _value(db, "d-01") == "noncompliant"
    english = invoke(db, "--lang", "en", "selfcheck", "collect", str(ahead)).stdout
    assert "no save time" not in english and "dated later" not in english
    assert "were not applied, because this file's time is unknown" in english
    assert "--take-older" in english and "no longer ahead of this PC's clock" in english
    assert dump(db) == before


def test_the_correction_of_a_form_sent_back_is_dated_by_the_collect_and_applied(
    db: Path, tmp_path: Path
) -> None:
    form = _first(db, tmp_path)
    form_id = load_workbook(form)[SHEET_FORM]["B1"].value
    back = tmp_path / "back.xlsx"
    sent = invoke(
        db, "selfcheck", "return", "--form", form_id, "--comment", "確認", "-o", str(back)
    )
    assert sent.exit_code == 0, sent.stderr
    fixed = _ahead(fill_organization(back, {"d-01": "遵守"}, out=tmp_path / "fixed.xlsx"))
    result = invoke(db, "selfcheck", "collect", str(fixed))
    assert result.exit_code == 0, result.stderr
    assert "差し戻しより新しいため、回答は回収の日時で保存し、反映しました" in result.stdout
    assert "反映していません" not in result.stdout
    assert _value(db, "d-01") == "compliant"
    assert _collect(db, fixed)["dated_by_collect"] is False  # now stored after the send-back
    # an older copy of unknown time collected after that correction takes nothing back
    stale = _ahead(fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "stale.xlsx"))
    again = invoke(db, "--lang", "en", "selfcheck", "collect", str(stale))
    assert again.exit_code == 0, again.stderr
    assert "because this file's time is unknown" in again.stdout
    assert _value(db, "d-01") == "compliant"
