"""The 改善計画書 workbook with several plans (measures) per finding (issue 15): a row per
plan the office holds and blank rows for new ones; plans written on blank rows are
created once (collecting the same workbook again changes nothing), entries are only ever
appended, and a row that cannot be a plan is named by its cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.exchange.workbooks.plans import NEW_ROWS, SHEET_PLANS
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.corpus.excel_forms import edit, invoke
from tests.excel.test_plans_excel import collect, db, demo_source, dump

__all__ = ["db", "demo_source"]


def _finding(db: Path, title: str = "鍵の保管", text: str = "保管箱の鍵が箱の上にあった。") -> int:
    """A new finding of 210 (no plan yet); its id."""
    engine = open_database(f"sqlite:///{db}")
    org = Repository(engine).find_organization("210")
    assert org is not None
    fresh = FindingRepository(engine).add_finding(
        FindingDraft(FindingKind.FINDING, title, text, org.id), "監査"
    )
    engine.dispose()
    return fresh.id


def _write(db: Path, path: Path) -> dict[str, list[int]]:
    """The workbook of 210; finding text -> its rows."""
    result = invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(path))
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(path)[SHEET_PLANS]
    rows: dict[str, list[int]] = {}
    for r in range(4, ws.max_row + 1):
        rows.setdefault(str(ws.cell(row=r, column=3).value), []).append(r)
    return rows


def _plans(db: Path, finding_id: int) -> list[tuple[str, list[str]]]:
    engine = open_database(f"sqlite:///{db}")
    plans = FindingRepository(engine).plans_for(finding_id)
    engine.dispose()
    return sorted((p.measures, [e.status.value for e in p.entries]) for p in plans)


def test_several_measures_per_finding(db: Path, tmp_path: Path) -> None:
    finding_id = _finding(db)
    book = tmp_path / "plans.xlsx"
    rows = _write(db, book)
    mine = next(r for text, r in rows.items() if "保管箱の鍵が箱の上" in text)
    assert len(mine) == NEW_ROWS  # no plan yet: blank rows only
    first, second = mine

    def fill(wb: object) -> None:
        sheet = wb[SHEET_PLANS]  # type: ignore[index]
        for r, measure, status in (
            (first, "キーボックスで管理", "検討中"),
            (second, "鍵の貸出簿", "措置済"),
        ):
            sheet[f"F{r}"] = measure
            sheet[f"G{r}"] = "市民課長"
            sheet[f"H{r}"] = date(2027, 3, 31)
            sheet[f"I{r}"] = status

    edit(book, fill)
    code, receipt, err = collect(db, book)
    assert code == 0, err
    file = receipt["files"][0]
    assert (file["plans_created"], file["entries_added"]) == (2, 2)
    assert _plans(db, finding_id) == [
        ("キーボックスで管理", ["considering"]),
        ("鍵の貸出簿", ["done"]),
    ]
    # the same workbook again: nothing made twice, nothing written
    before = dump(db)
    code, receipt, _ = collect(db, book)
    assert code == 0 and receipt["files"][0]["plans_created"] == 0
    assert dump(db) == before
    # written again: a row per plan, then blank rows; a later status is appended to the
    # plan of its row, a third measure on a blank row is a new plan
    again = tmp_path / "again.xlsx"
    rows = _write(db, again)
    mine = next(r for text, r in rows.items() if "保管箱の鍵が箱の上" in text)
    assert len(mine) == 2 + NEW_ROWS
    ws = load_workbook(again)[SHEET_PLANS]
    by_measure = {ws[f"F{r}"].value: r for r in mine}
    assert ws[f"I{by_measure['キーボックスで管理']}"].value == "検討中"
    blank = by_measure[None]

    def more(wb: object) -> None:
        sheet = wb[SHEET_PLANS]  # type: ignore[index]
        sheet[f"I{by_measure['キーボックスで管理']}"] = "継続努力"
        sheet[f"J{by_measure['キーボックスで管理']}"] = "見積を取得"
        sheet[f"F{blank}"] = "鍵の置き場所を掲示"
        sheet[f"H{blank}"] = "2027/4/30"

    edit(again, more)
    code, receipt, err = collect(db, again)
    assert code == 0, err
    file = receipt["files"][0]
    assert (file["plans_created"], file["entries_added"]) == (1, 1)
    assert _plans(db, finding_id) == [
        ("キーボックスで管理", ["considering", "ongoing"]),
        ("鍵の置き場所を掲示", []),
        ("鍵の貸出簿", ["done"]),
    ]
    # collected again: nothing changes
    before = dump(db)
    code, receipt, _ = collect(db, again)
    assert code == 0 and dump(db) == before


def test_a_status_on_a_blank_row_needs_its_measure(db: Path, tmp_path: Path) -> None:
    _finding(db)
    book = tmp_path / "plans.xlsx"
    rows = _write(db, book)
    (first, _) = next(r for text, r in rows.items() if "保管箱の鍵が箱の上" in text)
    edit(book, lambda wb: wb[SHEET_PLANS].__setitem__(f"I{first}", "検討中"))
    before = dump(db)
    result = invoke(db, "plans", "collect", str(book))
    assert result.exit_code == 1
    assert (
        f"plans.xlsx 改善計画書!F{first}: 担当・期限・状況を記入した行には改善策も" in result.stderr
    )
    assert dump(db) == before


def test_a_workbook_of_the_first_version_one_row_per_finding(db: Path, tmp_path: Path) -> None:
    """Written before rows had plan uids: each row is its finding's first plan, or makes
    one, once."""
    from inspector.config import load_settings
    from inspector.context import AppContext
    from inspector.exchange.workbooks.layout import SHEET_FORM
    from inspector.exchange.workbooks.plans import build_plans_workbook
    from inspector.services.plans_excel import plan_rows

    finding_id = _finding(db)
    context = AppContext(load_settings(db=str(db)))
    org = context.repo.find_organization("210")
    assert org is not None
    rows, seen = [], set()
    for row in plan_rows(context, org.id):
        if row.finding_uid not in seen:
            seen.add(row.finding_uid)
            rows.append(row)
    context.close()
    book = tmp_path / "first.xlsx"
    book.write_bytes(build_plans_workbook("改善計画書", "210 市民課", rows, "PL-FIRST"))

    def first_version(wb: object) -> None:
        form = wb[SHEET_FORM]  # type: ignore[index]
        for r in range(1, form.max_row + 1):
            if str(form[f"A{r}"].value).startswith("plan:"):
                form[f"A{r}"] = form[f"B{r}"] = None
        sheet = wb[SHEET_PLANS]  # type: ignore[index]
        mine = next(r for r in range(4, sheet.max_row + 1) if "箱の上" in str(sheet[f"C{r}"].value))
        sheet[f"F{mine}"] = "キーボックスで管理"
        sheet[f"H{mine}"] = date(2027, 3, 31)
        sheet[f"I{mine}"] = "検討中"

    edit(book, first_version)
    code, receipt, err = collect(db, book)
    assert code == 0, err
    assert receipt["files"][0]["plans_created"] == 1
    assert _plans(db, finding_id) == [("キーボックスで管理", ["considering"])]
    before = dump(db)
    code, receipt, _ = collect(db, book)
    assert code == 0 and dump(db) == before
