"""A returned 改善計画書 with a malformed cell on a row of a finding withdrawn since the
export (excel7, 1): the row is skipped anyway, so its cell problem no longer refuses the
workbook; the row is listed with the problem named, the other rows are collected, the
exit is 1. The same problem on a live finding's row still refuses the whole file. Real
workbooks written by `report plans --xlsx`, filled in with openpyxl, collected by the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector.exchange.workbooks.plans import SHEET_PLANS
from tests.corpus.excel_forms import invoke
from tests.excel.test_plans_excel import collect, db, demo_source, dump
from tests.excel.test_plansw6 import GONE, KEPT, _export, _fill, _finding_id, _plan, _withdraw

__all__ = ["db", "demo_source"]

BAD = {
    "deadline": ("H", "来月中", "日付"),
    "control": ("J", "説明\u202eです", "U+202E"),
    "number": ("I", 3, "「3」"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_cell_on_a_withdrawn_findings_row_skips_only_that_row(
    db: Path, tmp_path: Path, case: str
) -> None:
    column, value, named = BAD[case]
    meta = _export(db, tmp_path / "w1.xlsx")
    book = _fill(
        tmp_path / "w1.xlsx",
        tmp_path / "w2.xlsx",
        {
            f"I{KEPT}": "措置済",
            f"J{KEPT}": "台帳を整備しました",
            f"{column}{GONE}": value,  # on the finding withdrawn below: malformed
        },
    )
    gone_plan = _plan(db, meta[f"plan:{GONE}"])
    _withdraw(db, _finding_id(db, meta[f"finding:{GONE}"]))

    code, receipt, err = collect(db, book)
    assert code == 1, err
    [file] = receipt["files"]
    assert file["imported"], err
    assert file["problems"] == []
    assert file["entries_added"] == 1
    [gone] = file["withdrawn"]
    assert (gone["row"], gone["number"]) == (GONE, "2")
    problem = gone["problems"][0]  # (a status not in the list also leaves 状況の説明 without one)
    assert problem["cell"] == f"{column}{GONE}" and named in problem["message"]
    assert f"{GONE} 行目: 指摘 2 は取り下げられています" in err
    assert f"改善計画書!{column}{GONE}" in err and named in err
    assert "ファイルを拒否する理由にしていません" in err
    kept = _plan(db, meta[f"plan:{KEPT}"])
    assert kept.latest is not None and kept.latest.text == "台帳を整備しました"
    assert len(_plan(db, meta[f"plan:{GONE}"]).entries) == len(gone_plan.entries)

    before = dump(db)  # the same file again: nothing more, the row listed again
    code, receipt, err = collect(db, book)
    assert code == 1 and receipt["files"][0]["entries_added"] == 0
    assert [w["row"] for w in receipt["files"][0]["withdrawn"]] == [GONE]
    assert dump(db) == before

    en = invoke(db, "--lang", "en", "plans", "collect", str(book))
    assert en.exit_code == 1
    assert f"row {GONE}: finding 2 is withdrawn" in en.stderr
    assert f"{SHEET_PLANS}!{column}{GONE}" in en.stderr


def test_a_bad_cell_on_a_live_findings_row_still_refuses_the_workbook(
    db: Path, tmp_path: Path
) -> None:
    meta = _export(db, tmp_path / "w1.xlsx")
    book = _fill(
        tmp_path / "w1.xlsx",
        tmp_path / "w2.xlsx",
        {
            f"I{KEPT}": "措置済",
            f"H{KEPT}": "来月中",  # the live finding's row: refused as before
            f"J{GONE}": "説明\u202eです",
        },
    )
    _withdraw(db, _finding_id(db, meta[f"finding:{GONE}"]))
    before = dump(db)
    code, receipt, err = collect(db, book)
    assert code == 1
    [file] = receipt["files"]
    assert not file["imported"]
    assert [p["cell"] for p in file["problems"]] == [f"H{KEPT}"]
    assert dump(db) == before
    assert f"H{KEPT}" in err


def test_a_new_plan_without_deadline_on_a_withdrawn_findings_blank_row(
    db: Path, tmp_path: Path
) -> None:
    """A measure written on the withdrawn finding's blank row without its 期限 (which a
    live row is refused for): skipped and listed, the deadline named."""
    meta = _export(db, tmp_path / "w1.xlsx")
    book = _fill(
        tmp_path / "w1.xlsx",
        tmp_path / "w2.xlsx",
        {
            f"F{GONE + 1}": "新しい改善策",
            f"F{GONE + 2}": "もう一つ",
            f"H{GONE + 2}": date(2027, 5, 1),
        },
    )
    _withdraw(db, _finding_id(db, meta[f"finding:{GONE}"]))
    code, receipt, err = collect(db, book)
    assert code == 1, err
    [file] = receipt["files"]
    assert file["imported"] and file["plans_created"] == 0
    rows = {w["row"]: [p["cell"] for p in w["problems"]] for w in file["withdrawn"]}
    assert rows == {GONE + 1: [f"H{GONE + 1}"], GONE + 2: []}
