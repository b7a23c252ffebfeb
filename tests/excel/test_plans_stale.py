"""A returned 改善計画書 collected after its plans changed in the app (stale5): each row
carries its plan's version when the workbook was written. What the department left keeps
the app's newer values; what both changed is left out (nothing of the row written), named
with its row, who changed the plan and when, and the exit is 1; the same file twice
changes nothing; a workbook without versions is collected as before, with a warning.
Real workbooks written by `report plans --xlsx`, filled in with openpyxl."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import SHEET_PLANS
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.corpus.excel_forms import edit, invoke
from tests.excel.test_plans_excel import collect, db, demo_source, dump

__all__ = ["db", "demo_source"]

TEXT = "サーバ室の入退室記録が三か月分欠けていた。"


def _plan(db: Path) -> tuple[int, int]:
    """A finding of 210 with one plan and a status; (finding id, plan id)."""
    engine = open_database(f"sqlite:///{db}")
    org = Repository(engine).find_organization("210")
    assert org is not None
    repo = FindingRepository(engine)
    finding = repo.add_finding(
        FindingDraft(FindingKind.FINDING, "入退室記録", TEXT, org.id), "監査"
    )
    plan = repo.add_plan(
        finding.id,
        measures="記録簿を毎日確認する",
        responsible_organization_id=org.id,
        responsible_person="市民課長",
        deadline=date(2027, 3, 31),
        actor="監査",
    )
    repo.add_entry(plan.id, MeasureStatus.CONSIDERING, date(2026, 11, 1), "手順を検討中", "監査")
    engine.dispose()
    return finding.id, plan.id


def _export(db: Path, book: Path) -> int:
    """The workbook of 210; the sheet row of the plan."""
    result = invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(book))
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(book)[SHEET_PLANS]
    return next(
        r
        for r in range(4, ws.max_row + 1)
        if ws.cell(row=r, column=3).value == f"入退室記録\n{TEXT}"
        and ws.cell(row=r, column=6).value
    )


def _in_app(db: Path, plan_id: int, who: str, **changes: Any) -> None:
    engine = open_database(f"sqlite:///{db}")
    repo = FindingRepository(engine)
    status = changes.pop("status", None)
    if changes:
        repo.update_plan(plan_id, changes, who)
    if status is not None:
        repo.add_entry(plan_id, status, date(2026, 12, 2), "アプリで記録", who)
    engine.dispose()


def _now(db: Path, plan_id: int) -> Any:
    engine = open_database(f"sqlite:///{db}")
    plan = FindingRepository(engine).plan(plan_id)
    engine.dispose()
    return plan


def _fill(book: Path, row: int, **cells: object) -> None:
    def change(wb: Any) -> None:
        for column, value in cells.items():
            wb[SHEET_PLANS][f"{column}{row}"] = value

    edit(book, change)


def test_a_row_the_department_left_keeps_the_plan_edited_in_the_app(
    db: Path, tmp_path: Path
) -> None:
    """The defect: the older values of an untouched row overwrote the app's edit."""
    _, plan_id = _plan(db)
    book = tmp_path / "plans.xlsx"
    row = _export(db, book)
    _in_app(
        db, plan_id, "監査 花子", measures="入退室をカードで記録する", status=MeasureStatus.DONE
    )
    # the department only changes the person in charge
    _fill(book, row, G="総務課長")
    code, receipt, err = collect(db, book)
    assert code == 0, err
    plan = _now(db, plan_id)
    assert plan.measures == "入退室をカードで記録する"  # the app's, not the exported one
    assert plan.responsible_person == "総務課長"  # the department's change
    assert plan.latest.status is MeasureStatus.DONE and len(plan.entries) == 2
    assert receipt["files"][0]["left_out"] == []


def test_a_field_both_changed_is_left_out_with_who_and_when(db: Path, tmp_path: Path) -> None:
    _, plan_id = _plan(db)
    book = tmp_path / "plans.xlsx"
    row = _export(db, book)
    _in_app(db, plan_id, "監査 花子", deadline=date(2027, 1, 31))
    _fill(book, row, H=date(2027, 6, 30), G="総務課長")
    before = dump(db)
    result = invoke(db, "plans", "collect", str(book))
    assert result.exit_code == 1
    assert f"{row} 行目: 監査 花子 さんが" in result.stderr, result.stderr
    assert "取り込んでいません" in result.stderr
    assert dump(db) == before  # nothing of the row: not even the person
    # the same file again: left out again, nothing changed
    code, receipt, _ = collect(db, book)
    assert code == 1 and [o["row"] for o in receipt["files"][0]["left_out"]] == [row]
    assert receipt["files"][0]["left_out"][0]["changed_by"] == "監査 花子"
    assert dump(db) == before


def test_a_status_on_a_plan_given_an_entry_since_is_left_out_unless_left(
    db: Path, tmp_path: Path
) -> None:
    _, plan_id = _plan(db)
    book = tmp_path / "plans.xlsx"
    row = _export(db, book)
    _in_app(db, plan_id, "監査 花子", status=MeasureStatus.DONE)
    # the status exported, left as it was: no entry (it would undo the app's 措置済)
    _fill(book, row, G="総務課長")
    code, _, err = collect(db, book)
    assert code == 0, err
    assert _now(db, plan_id).latest.status is MeasureStatus.DONE
    # a status the department changed, decided on the older view: left out
    _fill(book, row, I="継続努力", J="半数の課で実施")
    before = dump(db)
    result = invoke(db, "--lang", "en", "plans", "collect", str(book))
    assert result.exit_code == 1
    assert f"row {row}: plan changed by '監査 花子' at" in result.stderr, result.stderr
    assert dump(db) == before


def test_another_returned_workbook_is_not_overwritten_and_one_workbook_again_is_its_own(
    db: Path, tmp_path: Path
) -> None:
    _, plan_id = _plan(db)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    row = _export(db, first)
    assert _export(db, second) == row
    _fill(first, row, F="入退室をカードで記録する", I="継続努力")
    code, _, err = collect(db, first)
    assert code == 0, err
    # the first workbook again, changed further: its own earlier changes are no clash
    _fill(first, row, F="カード記録を毎週確認する", I="措置済")
    code, receipt, err = collect(db, first)
    assert code == 0 and receipt["files"][0]["left_out"] == [], err
    plan = _now(db, plan_id)
    assert plan.measures == "カード記録を毎週確認する" and plan.latest.status is MeasureStatus.DONE
    # the second workbook, written before those collects, changes the measures too: left out
    _fill(second, row, F="記録簿を廃止する")
    code, receipt, _ = collect(db, second)
    assert code == 1 and [o["row"] for o in receipt["files"][0]["left_out"]] == [row]
    assert _now(db, plan_id).measures == "カード記録を毎週確認する"


def test_a_workbook_without_versions_is_collected_as_before_with_a_warning(
    db: Path, tmp_path: Path
) -> None:
    _, plan_id = _plan(db)
    book = tmp_path / "plans.xlsx"
    row = _export(db, book)

    def unversioned(wb: Any) -> None:
        form = wb[SHEET_FORM]
        for r in range(form.max_row, 0, -1):
            if str(form.cell(row=r, column=1).value or "").startswith("version:"):
                form.delete_rows(r)

    edit(book, unversioned)
    _in_app(db, plan_id, "監査 花子", measures="入退室をカードで記録する")
    _fill(book, row, G="総務課長")
    result = invoke(db, "plans", "collect", str(book))
    assert result.exit_code == 0, result.stderr
    assert "古い形式" in result.stderr and f"{row} 行目" in result.stderr, result.stderr
    # as today: the workbook's values written (the measures exported overwrite the app's)
    assert _now(db, plan_id).measures == "記録簿を毎日確認する"
