"""Issue 15, re-saved by LibreOffice for real: a roster with 要因 and 備考, and a 改善計画書
with several plans for one finding (the date cell comes back as LibreOffice writes it).
Skipped where LibreOffice is not installed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import PersonStatus, Role, StaffType
from inspector.exchange.workbooks.plans import SHEET_PLANS
from inspector.resources import shipped_checklists_dir
from inspector.services.selfcheck_excel import collect, distribute, problem_lines
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import OrganizationInput, PersonInput, Repository
from tests.corpus.excel_forms import edit, fill_roster, invoke
from tests.excel.test_libreoffice_resave import _context, pytestmark, resave_with_libreoffice
from tests.excel.test_plans_excel import db, demo_source, dump
from tests.excel.test_plans_several import _finding

__all__ = ["db", "demo_source", "pytestmark"]


def test_a_roster_with_reasons_and_notes_resaved_by_libreoffice(
    city: Repository, tmp_path: Path
) -> None:
    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    city.upsert_organizations([OrganizationInput("S01", "拠点01課", None, ("juki_terminal",))])
    city.upsert_people(
        [PersonInput("P001", "職員 P001", "S01", StaffType.REGULAR, PersonStatus.ACTIVE)]
    )
    context = _context(city, catalog)
    (roster,) = distribute(context, "juki-operator", ("S01",), tmp_path / "forms")
    fill_roster(
        roster,
        {("P001", "o-01"): "不遵守"},
        reasons={("P001", "o-01"): "貸与が禁止されていることを承知していなかった; 急いでいた"},
        notes={("P001", "o-01"): "翌日に指導済み"},
    )
    resaved = resave_with_libreoffice(roster, tmp_path)
    (receipt,) = collect(context, [resaved])
    assert receipt.imported, problem_lines(receipt, "ja")
    (session,) = city.sessions(checklist_id="juki-operator")
    assert session.role is Role.HEAD
    state = city.answers(session.id)["o-01"].state
    assert (state.value, state.reasons, state.reason_text, state.note) == (
        "noncompliant",
        ("unaware",),
        "急いでいた",
        "翌日に指導済み",
    )
    (again,) = collect(context, [resaved])
    assert again.imported and again.counts.answers_unchanged == 1


def test_a_plans_workbook_with_two_measures_resaved_by_libreoffice(
    db: Path, tmp_path: Path
) -> None:
    finding_id = _finding(db, "施錠", "サーバ室が施錠されていなかった。")
    book = tmp_path / "plans.xlsx"
    assert (
        invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(book)).exit_code == 0
    )

    def fill(wb: object) -> None:
        ws = wb[SHEET_PLANS]  # type: ignore[index]
        rows = [
            r for r in range(4, ws.max_row + 1) if "施錠されていなかった" in str(ws[f"C{r}"].value)
        ]
        for r, measure in zip(rows, ("入退室の記録", "自動施錠錠の設置"), strict=True):
            ws[f"F{r}"] = measure
            ws[f"H{r}"] = date(2027, 6, 30)
            ws[f"I{r}"] = "検討中"

    edit(book, fill)
    resaved = resave_with_libreoffice(book, tmp_path)
    result = invoke(db, "plans", "collect", str(resaved))
    assert result.exit_code == 0, result.stderr
    engine = open_database(f"sqlite:///{db}")
    plans = FindingRepository(engine).plans_for(finding_id)
    engine.dispose()
    assert sorted((p.measures, p.deadline, len(p.entries)) for p in plans) == [
        ("入退室の記録", date(2027, 6, 30), 1),
        ("自動施錠錠の設置", date(2027, 6, 30), 1),
    ]
    before = dump(db)
    assert invoke(db, "plans", "collect", str(resaved)).exit_code == 0
    assert dump(db) == before
