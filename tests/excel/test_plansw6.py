"""A returned 改善計画書 exported before one of its findings was withdrawn (plansw6, M4):
the withdrawn finding's rows that would write something are skipped and named (row,
number as listed, who withdrew it and when), the other rows are collected, the exit is 1,
the same file again changes nothing. The locked numbers are compared with the workbook's
own findings, so the renumbering a withdrawal makes refuses nothing. And (L2) a blank
担当, like a blank 改善策 or 期限, keeps what the office holds. Real workbooks written by
`report plans --xlsx`, filled in with openpyxl, collected through the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import SHEET_PLANS
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from tests.corpus.excel_forms import edit, invoke
from tests.excel.test_plans_excel import collect, db, demo_source, dump

__all__ = ["db", "demo_source"]

GONE = 7  # the plan row of 210's second finding (番号 2), withdrawn below
KEPT = 34  # the plan row of its eleventh (番号 11, 10 once the second is withdrawn)


def _export(db: Path, book: Path) -> dict[str, Any]:
    result = invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(book))
    assert result.exit_code == 0, result.stderr
    form = load_workbook(book)[SHEET_FORM]
    return {form.cell(row=r, column=1).value: form.cell(row=r, column=2).value
            for r in range(1, form.max_row + 1)}  # fmt: skip


def _repo(db: Path) -> Any:
    return FindingRepository(open_database(f"sqlite:///{db}"))


def _finding_id(db: Path, uid: str) -> int:
    repo = _repo(db)
    found = next(f for f in repo.findings(include_withdrawn=True) if f.uid == uid)
    repo.engine.dispose()
    return found.id


def _plan(db: Path, uid: str) -> Any:
    repo = _repo(db)
    plan = next(p for _, p in repo.plans_with_findings(include_withdrawn=True) if p.uid == uid)
    repo.engine.dispose()
    return plan


def _withdraw(db: Path, finding_id: int) -> None:
    result = invoke(db, "findings", "withdraw", str(finding_id), "--reason", "誤り")
    assert result.exit_code == 0, result.stderr


def _fill(book: Path, out: Path, cells: dict[str, object]) -> Path:
    def change(wb: Any) -> None:
        for coordinate, value in cells.items():
            wb[SHEET_PLANS][coordinate] = value

    return edit(book, change, out)


def test_a_withdrawn_findings_rows_are_skipped_and_named(db: Path, tmp_path: Path) -> None:
    meta = _export(db, tmp_path / "w1.xlsx")
    assert load_workbook(tmp_path / "w1.xlsx")[SHEET_PLANS][f"A{GONE}"].value == "2"
    book = _fill(
        tmp_path / "w1.xlsx",
        tmp_path / "w2.xlsx",
        {
            f"I{KEPT}": "措置済",
            f"J{KEPT}": "台帳を整備しました",
            f"I{GONE}": "措置済",  # on the withdrawn finding: a new status
            f"F{GONE + 1}": "新しい改善策",  # and a new plan on its blank row
            f"H{GONE + 1}": date(2027, 5, 1),
        },
    )
    gone = _finding_id(db, meta[f"finding:{GONE}"])
    gone_plan = _plan(db, meta[f"plan:{GONE}"])
    _withdraw(db, gone)

    code, receipt, err = collect(db, book)
    assert code == 1, err
    [file] = receipt["files"]
    assert file["imported"] and file["problems"] == []
    assert file["entries_added"] == 1 and file["plans_created"] == 0
    assert [(w["row"], w["number"]) for w in file["withdrawn"]] == [(GONE, "2"), (GONE + 1, "2")]
    assert file["withdrawn"][0]["withdrawn_by"]
    assert "7 行目: 指摘 2 は取り下げられています" in err
    assert "取り込んでいません" in err
    # the row of the current finding is in; nothing of the withdrawn one's rows
    kept = _plan(db, meta[f"plan:{KEPT}"])
    assert kept.latest is not None and kept.latest.text == "台帳を整備しました"
    assert len(_plan(db, meta[f"plan:{GONE}"]).entries) == len(gone_plan.entries)
    repo = _repo(db)
    assert len(repo.plans_for(gone)) == 1
    repo.engine.dispose()

    before = dump(db)
    code, receipt, err = collect(db, book)
    assert code == 1 and receipt["files"][0]["entries_added"] == 0
    assert dump(db) == before

    en = invoke(db, "--lang", "en", "plans", "collect", str(book))
    assert en.exit_code == 1
    assert "row 7: finding 2 is withdrawn" in en.stderr
    assert dump(db) == before


def test_untouched_rows_of_a_withdrawn_finding_are_not_named(db: Path, tmp_path: Path) -> None:
    meta = _export(db, tmp_path / "w1.xlsx")
    book = _fill(tmp_path / "w1.xlsx", tmp_path / "w2.xlsx", {f"I{KEPT}": "措置済"})
    _withdraw(db, _finding_id(db, meta[f"finding:{GONE}"]))
    code, receipt, err = collect(db, book)
    assert code == 0, err
    assert receipt["files"][0]["withdrawn"] == []
    assert receipt["files"][0]["entries_added"] == 1


def test_a_changed_number_is_still_refused(db: Path, tmp_path: Path) -> None:
    """The renumbering a withdrawal makes is not a change of the workbook; a number
    changed in the workbook still is."""
    meta = _export(db, tmp_path / "w1.xlsx")
    # as the office would number it now: 11 -> 10
    book = _fill(tmp_path / "w1.xlsx", tmp_path / "w2.xlsx", {f"A{KEPT}": "10"})
    _withdraw(db, _finding_id(db, meta[f"finding:{GONE}"]))
    before = dump(db)
    code, receipt, err = collect(db, book)
    assert code == 1
    assert not receipt["files"][0]["imported"]
    assert f"A{KEPT}" in err
    assert dump(db) == before


def test_restored_the_rows_are_collected(db: Path, tmp_path: Path) -> None:
    meta = _export(db, tmp_path / "w1.xlsx")
    book = _fill(tmp_path / "w1.xlsx", tmp_path / "w2.xlsx", {f"J{GONE}": "協議を終えました"})
    gone = _finding_id(db, meta[f"finding:{GONE}"])
    _withdraw(db, gone)
    code, receipt, _ = collect(db, book)
    assert code == 1 and [w["row"] for w in receipt["files"][0]["withdrawn"]] == [GONE]
    assert invoke(db, "findings", "restore", str(gone)).exit_code == 0
    code, receipt, err = collect(db, book)
    assert code == 0, err
    assert receipt["files"][0]["withdrawn"] == [] and receipt["files"][0]["entries_added"] == 1
    latest = _plan(db, meta[f"plan:{GONE}"]).latest
    assert latest is not None and latest.text == "協議を終えました"


def test_blank_cells_keep_what_the_office_holds(db: Path, tmp_path: Path) -> None:
    """L2: a blank 担当 no longer wipes the plan's person; 改善策 and 期限 were kept already."""
    meta = _export(db, tmp_path / "w1.xlsx")
    before = _plan(db, meta[f"plan:{KEPT}"])
    assert before.responsible_person and before.measures and before.deadline
    book = _fill(
        tmp_path / "w1.xlsx",
        tmp_path / "w2.xlsx",
        {f"F{KEPT}": None, f"G{KEPT}": None, f"H{KEPT}": None, f"G{GONE}": None},
    )
    snapshot = dump(db)
    code, receipt, err = collect(db, book)
    assert code == 0, err
    assert receipt["files"][0]["plans_updated"] == 0
    assert dump(db) == snapshot
    after = _plan(db, meta[f"plan:{KEPT}"])
    assert (after.measures, after.responsible_person, after.deadline) == (
        before.measures,
        before.responsible_person,
        before.deadline,
    )
    # a person written is still taken
    book = _fill(tmp_path / "w1.xlsx", tmp_path / "w3.xlsx", {f"G{KEPT}": "情報政策課長"})
    code, receipt, err = collect(db, book)
    assert code == 0, err
    assert _plan(db, meta[f"plan:{KEPT}"]).responsible_person == "情報政策課長"


def test_a_workbook_without_a_restored_finding_is_collected(db: Path, tmp_path: Path) -> None:
    """Exported while a finding was withdrawn, collected after it was restored: the
    workbook numbers its findings without it, and so is it checked."""
    meta = _export(db, tmp_path / "w0.xlsx")
    gone = _finding_id(db, meta[f"finding:{GONE}"])
    _withdraw(db, gone)
    meta = _export(db, tmp_path / "w1.xlsx")
    kept = KEPT - 3  # one finding (three rows) fewer
    assert load_workbook(tmp_path / "w1.xlsx")[SHEET_PLANS][f"A{kept}"].value == "10"
    book = _fill(tmp_path / "w1.xlsx", tmp_path / "w2.xlsx", {f"J{kept}": "台帳を整備中です"})
    assert invoke(db, "findings", "restore", str(gone)).exit_code == 0
    code, receipt, err = collect(db, book)
    assert code == 0, err
    assert receipt["files"][0]["entries_added"] == 1
    latest = _plan(db, meta[f"plan:{kept}"]).latest
    assert latest is not None and latest.text == "台帳を整備中です"
