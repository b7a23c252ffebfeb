"""Workbooks a collect must not trust as they are (review15, review16): a save time ahead of
the clock is no time (reported, the file taken as of unknown time); a zip holding a part
twice and two sheets of one name are refused, the part or the sheet named; a form whose
respondent cell names another person is refused."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from inspector.exchange.workbooks.layout import SHEET_ANSWERS, SHEET_FORM
from inspector.exchange.workbooks.xlsx_cells import NotAWorkbook, read_sheets, save_time
from tests.corpus.cases_wb16 import with_part_twice, with_second_answer_sheet
from tests.corpus.excel_forms import distribute, edit, fill_organization, invoke
from tests.excel.test_excel5 import _saved, _value
from tests.excel.test_selfcheck_excel import DEPARTMENT, OPERATOR, db, dump

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
    assert "いつ保存したかわからないファイルです" in result.stdout
    assert "保存日時の記録がない" not in result.stdout  # it has one: ahead, said once
    english = invoke(db, "--lang", "en", "selfcheck", "collect", str(ahead), "--json")
    (receipt,) = json.loads(english.stdout)["files"]
    assert receipt["saved_ahead"] == later.replace(microsecond=0).isoformat()
    plain = invoke(db, "--lang", "en", "selfcheck", "collect", str(ahead))
    assert f"ahead.xlsx: the workbook's save time {shown} is ahead" in plain.stdout


def _answered(db: Path, tmp_path: Path) -> tuple[Path, Path]:
    (form,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    shown = fill_organization(form, {"d-01": "遵守"}, out=tmp_path / "shown.xlsx")
    other = fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "other.xlsx")
    return shown, other


def test_a_part_twice_is_refused_naming_it_even_in_another_case(db: Path, tmp_path: Path) -> None:
    shown, other = _answered(db, tmp_path)
    twice = with_part_twice(shown, other, tmp_path / "twice.xlsx")
    with pytest.raises(NotAWorkbook) as caught:
        read_sheets(twice, [SHEET_ANSWERS])
    assert (caught.value.key, caught.value.params) == (
        "wb16.duplicate_part",
        {"part": "xl/worksheets/sheet2.xml"},
    )
    # OPC part names are compared ignoring case: Sheet2.xml is the same part
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(twice) as zin, zipfile.ZipFile(renamed, "w") as zout:
        for index, info in enumerate(zin.infolist()):
            last = index == len(zin.infolist()) - 1
            zout.writestr(
                info.filename.replace("sheet2", "Sheet2") if last else info, zin.read(info)
            )
    with pytest.raises(NotAWorkbook) as caught:
        read_sheets(renamed, [SHEET_ANSWERS])
    assert caught.value.params == {"part": "xl/worksheets/Sheet2.xml"}
    before = dump(db)
    result = invoke(db, "selfcheck", "collect", str(twice), str(shown))
    assert result.exit_code == 1
    assert (
        "twice.xlsx: ブックの中に部品 xl/worksheets/sheet2.xml が 2 つ以上あります" in result.stderr
    )
    assert "Traceback" not in result.output
    assert dump(db) != before  # the good file beside it went in; the refused one wrote nothing
    assert _value(db, "d-01") == "compliant"


def test_two_sheets_of_one_name_are_refused_naming_the_sheet(db: Path, tmp_path: Path) -> None:
    shown, other = _answered(db, tmp_path)
    two = with_second_answer_sheet(shown, other, tmp_path / "two.xlsx")
    with pytest.raises(NotAWorkbook) as caught:
        read_sheets(two, [SHEET_ANSWERS])
    assert caught.value.params == {"sheet": SHEET_ANSWERS, "part": "xl/workbook.xml"}
    before = dump(db)
    result = invoke(db, "--lang", "en", "selfcheck", "collect", str(two))
    assert result.exit_code == 1
    assert (
        f'two.xlsx: the workbook has more than one sheet named "{SHEET_ANSWERS}"' in result.stderr
    )
    assert dump(db) == before


def _set_respondent(path: Path, value: str, out: Path) -> Path:
    def change(wb: Any) -> None:
        wb[SHEET_FORM]["B6"] = value

    return edit(path, change, out)


def test_a_form_whose_respondent_cell_names_another_person_is_refused(
    db: Path, tmp_path: Path
) -> None:
    singles = distribute(db, tmp_path / "p", OPERATOR, "--organization", "S00", "--per-person")
    mine = next(p for p in singles if "_P000_" in p.name)
    filled = fill_organization(mine, {"o-01": "不遵守"}, out=tmp_path / "filled.xlsx")
    assert load_workbook(filled)[SHEET_FORM]["B6"].value == "P000"
    other = _set_respondent(filled, "P011", tmp_path / "other.xlsx")
    (department,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    department = fill_organization(department, {"d-01": "遵守"}, out=tmp_path / "d.xlsx")
    named = _set_respondent(department, "P002", tmp_path / "named.xlsx")
    before = dump(db)
    result = invoke(db, "selfcheck", "collect", str(other), str(named))
    assert result.exit_code == 1
    assert (
        f"other.xlsx {SHEET_FORM}!B6: 回答者欄は「P011」ですが、"
        "この様式は配布の記録では「P000」の回答用です"
    ) in result.stderr
    assert f"named.xlsx {SHEET_FORM}!B6: 回答者欄は「P002」ですが" in result.stderr
    assert dump(db) == before
    assert invoke(db, "selfcheck", "collect", str(filled)).exit_code == 0  # its own: taken


def _form_id(path: Path) -> str:
    return str(load_workbook(path)[SHEET_FORM]["B1"].value)


def test_a_form_handed_out_again_supersedes_the_earlier_one(db: Path, tmp_path: Path) -> None:
    (first,) = distribute(db, tmp_path / "a", DEPARTMENT, "--organization", "S02")
    again = invoke(
        db, "selfcheck", "distribute", "--checklist", DEPARTMENT, "--organization", "S02",
        "-o", str(tmp_path / "b"),
    )  # fmt: skip
    assert again.exit_code == 0, again.stderr
    (second,) = [Path(line) for line in again.stdout.splitlines()]
    old, new = _form_id(first), _form_id(second)
    assert old != new
    assert f"配布済みの様式 {old}（{first.name}、" in again.stderr
    assert f"今回の様式 {new}（{second.name}）に置き換わりました" in again.stderr
    status = json.loads(
        invoke(db, "selfcheck", "status", "--checklist", DEPARTMENT, "--json").stdout
    )
    by_id = {s["form_id"]: s for s in status}
    assert (by_id[old]["superseded_by"], by_id[new]["superseded_by"]) == (new, None)
    shown = invoke(db, "selfcheck", "status", "--checklist", DEPARTMENT)
    assert f"置換済（{new}）" in shown.stdout
    # the earlier form's return: refused naming both forms, nothing written
    late = fill_organization(first, {"d-01": "不遵守"}, out=tmp_path / "late.xlsx")
    before = dump(db)
    refused = invoke(db, "selfcheck", "collect", str(late))
    assert refused.exit_code == 1
    assert f"late.xlsx {SHEET_FORM}!B1: 様式 {old} は、" in refused.stderr
    assert f"配布し直した様式 {new}（{second.name}）に置き換わっています" in refused.stderr
    assert dump(db) == before
    english = invoke(db, "--lang", "en", "selfcheck", "collect", str(late))
    assert f"form {old} was superseded by form {new} ({second.name})" in english.stderr
    assert dump(db) == before
    # the new form's return goes in; the earlier one only when asked
    current = fill_organization(second, {"d-01": "遵守"}, out=tmp_path / "current.xlsx")
    assert invoke(db, "selfcheck", "collect", str(current)).exit_code == 0
    assert _value(db, "d-01") == "compliant"
    taken = invoke(db, "selfcheck", "collect", str(late), "--take-superseded", "--take-older")
    assert taken.exit_code == 0, taken.stderr
    assert _value(db, "d-01") == "noncompliant"


def test_other_units_and_a_first_distribution_supersede_nothing(db: Path, tmp_path: Path) -> None:
    first = distribute(db, tmp_path / "a", DEPARTMENT, "--organization", "S02")
    result = invoke(
        db, "selfcheck", "distribute", "--checklist", DEPARTMENT, "--organization", "S03",
        "-o", str(tmp_path / "b"),
    )  # fmt: skip
    assert result.exit_code == 0 and "置き換わりました" not in result.stderr
    singles = distribute(db, tmp_path / "p", OPERATOR, "--organization", "S00", "--per-person")
    roster = invoke(
        db, "selfcheck", "distribute", "--checklist", OPERATOR, "--organization", "S00",
        "-o", str(tmp_path / "r"),
    )  # fmt: skip
    assert roster.exit_code == 0 and "置き換わりました" not in roster.stderr  # another kind
    answered = fill_organization(first[0], {"d-01": "遵守"}, out=tmp_path / "x.xlsx")
    assert invoke(db, "selfcheck", "collect", str(answered)).exit_code == 0
    one = fill_organization(singles[0], {"o-01": "遵守"}, out=tmp_path / "y.xlsx")
    assert invoke(db, "selfcheck", "collect", str(one)).exit_code == 0


def test_a_superseded_form_is_chased_no_more(db: Path, tmp_path: Path) -> None:
    from inspector.config import Settings
    from inspector.context import AppContext
    from inspector.services.reminders import gather_reminders

    (first,) = distribute(db, tmp_path / "a", DEPARTMENT, "--organization", "S02")
    (second,) = distribute(db, tmp_path / "b", DEPARTMENT, "--organization", "S02")
    assert _form_id(first) != _form_id(second)
    context = AppContext(Settings(db=str(db), user="inspector"))
    later = date.today() + timedelta(days=30)
    chased = gather_reminders(context, as_of=later, plans=False)
    forms = [f.form_id for d in chased for f in d.forms]
    assert forms == [_form_id(second)]  # not the first one, whose return is refused


def test_a_superseded_form_is_not_sent_back(db: Path, tmp_path: Path) -> None:
    (first,) = distribute(db, tmp_path / "a", DEPARTMENT, "--organization", "S02")
    (second,) = distribute(db, tmp_path / "b", DEPARTMENT, "--organization", "S02")
    old, new = _form_id(first), _form_id(second)
    before = dump(db)
    out = tmp_path / "back.xlsx"
    result = invoke(db, "selfcheck", "return", "--form", old, "--comment", "直して", "-o", str(out))
    assert result.exit_code == 1
    assert f"様式 {old} は、同じ対象へ配布し直した様式 {new}（{second.name}）に置き換わって" in (
        result.stderr
    )
    assert "Traceback" not in result.output
    assert not out.exists() and dump(db) == before
    sent = invoke(db, "selfcheck", "return", "--form", new, "--comment", "直して", "-o", str(out))
    assert sent.exit_code == 0, sent.stderr
