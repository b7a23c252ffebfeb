"""The 改善計画書 as a workbook (issue 15): written with the office's plans, filled in by the
department with openpyxl, collected: plans created or updated, entries appended."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.exchange.workbooks.plans import SHEET_PLANS
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.corpus.excel_forms import edit, invoke


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert invoke(path, "demo").exit_code == 0
    return path


@pytest.fixture
def db(demo_source: Path, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    path.write_bytes(demo_source.read_bytes())
    return path


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def collect(db: Path, *paths: Path) -> tuple[int, dict, str]:
    result = invoke(db, "plans", "collect", *map(str, paths), "--json")
    return result.exit_code, json.loads(result.stdout or "{}"), result.stderr


def test_a_plan_workbook_with_entries(db: Path, tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{db}")
    org = Repository(engine).find_organization("210")
    assert org is not None
    findings = FindingRepository(engine)
    fresh = findings.add_finding(
        FindingDraft(FindingKind.FINDING, "鍵の保管", "保管箱の鍵が箱の上にあった。", org.id),
        "監査",
    )
    engine.dispose()
    book = tmp_path / "plans.xlsx"
    result = invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(book))
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(book)[SHEET_PLANS]
    headers = [ws.cell(row=3, column=c).value for c in range(1, 11)]
    assert headers[5:] == ["改善策", "担当", "期限", "状況", "状況の説明"]
    rows = {ws.cell(row=r, column=3).value: r for r in range(4, ws.max_row + 1)}
    new_row = next(r for text, r in rows.items() if "保管箱の鍵が箱の上" in str(text))
    assert ws.cell(row=new_row, column=6).value is None
    assert ws["H4"].is_date
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)

    def fill(wb: object) -> None:
        sheet = wb[SHEET_PLANS]  # type: ignore[index]
        sheet[f"F{new_row}"] = "鍵をキーボックスで管理する"
        sheet[f"G{new_row}"] = "市民課長"
        sheet[f"H{new_row}"] = date(2027, 3, 31)
        sheet[f"I{new_row}"] = "検討中"
        sheet[f"J{new_row}"] = "キーボックスの見積中"
        sheet["I4"] = "継続努力"
        sheet["J4"] = "半数の課で周知済み"

    edit(book, fill)
    code, receipt, err = collect(db, book)
    assert code == 0, err
    (file,) = receipt["files"]
    assert (file["plans_created"], file["entries_added"]) == (1, 2)
    engine = open_database(f"sqlite:///{db}")
    (plan,) = FindingRepository(engine).plans_for(fresh.id)
    assert plan.deadline == date(2027, 3, 31) and plan.responsible_person == "市民課長"
    assert [e.text for e in plan.entries] == ["キーボックスの見積中"]
    engine.dispose()
    before = dump(db)
    code, receipt, _ = collect(db, book)
    assert code == 0 and receipt["files"][0]["entries_added"] == 0
    assert dump(db) == before
    # a later status is appended, the earlier entry stays
    edit(book, lambda wb: wb[SHEET_PLANS].__setitem__(f"I{new_row}", "措置済"))
    code, receipt, _ = collect(db, book)
    assert receipt["files"][0]["entries_added"] == 1
    engine = open_database(f"sqlite:///{db}")
    (plan,) = FindingRepository(engine).plans_for(fresh.id)
    assert [e.status.value for e in plan.entries] == ["considering", "done"]
    engine.dispose()


def test_plan_mistakes_are_named_by_cell(db: Path, tmp_path: Path) -> None:
    book = tmp_path / "plans.xlsx"
    assert (
        invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(book)).exit_code == 0
    )

    def wrong(wb: object) -> None:
        sheet = wb[SHEET_PLANS]  # type: ignore[index]
        sheet["I5"] = "たぶん"
        sheet["H6"] = "来年度中"
        sheet["C7"] = "書き換えた指摘"

    edit(book, wrong)
    before = dump(db)
    result = invoke(db, "plans", "collect", str(book))
    assert result.exit_code == 1
    for text in (
        "plans.xlsx 改善計画書!I5:",
        "「たぶん」は選択肢にありません",
        "改善計画書!H6:",
        "改善計画書!C7:",
    ):
        assert text in result.stderr, result.stderr
    assert dump(db) == before
