"""docs8c: the 改善計画書 workbook as an office sends it, read with openpyxl: 通知番号 holds
the notice's 文書番号 (監第1号), 通知日 and 期限 are date cells shown in 令和, a Japanese
font, a page header saying what, whose and when, the finding as the deficiency (not the
norm). A workbook written so, and one written by the earlier version, collect back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from inspector.exchange.workbooks.plans import ERA_DATE, SHEET_PLANS
from inspector.services.plans_excel import finding_text
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.corpus.excel_forms import invoke
from tests.excel.test_plans_excel import collect, db, demo_source

__all__ = ["db", "demo_source"]

FIRST = 4  # first data row (layout.FIRST_ROW)


def _notice_for_org(db: Path, code: str) -> tuple[str, list]:
    """Record a numbered notice for the visit of the organization's first finding."""
    engine = open_database(f"sqlite:///{db}")
    org = Repository(engine).find_organization(code)
    assert org is not None
    repo = FindingRepository(engine)
    findings = sorted(repo.findings(organization_id=org.id), key=lambda f: f.id)
    session = next(f.session_id for f in findings if f.session_id is not None)
    repo.record_document(
        doc_id="N-20261204-0000d8c0",
        kind="notice",
        content_hash="0" * 64,
        issued_by="test",
        session_id=session,
        organization_id=org.id,
        number=("監第1号", 2026, 1),
    )
    engine.dispose()
    return org.name, findings


def _rows(ws: object) -> list[int]:
    return [r for r in range(FIRST, ws.max_row + 1) if ws[f"A{r}"].value]  # type: ignore[attr-defined]


def test_the_workbook_cells_header_and_font(db: Path, tmp_path: Path) -> None:
    _name, findings = _notice_for_org(db, "210")
    book = tmp_path / "plans.xlsx"
    result = invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(book))
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(book)[SHEET_PLANS]
    assert ws["D3"].value == "通知番号" and ws["E3"].value == "通知日"
    rows = _rows(ws)
    noticed = [r for r in rows if ws[f"D{r}"].value]
    assert noticed and all(ws[f"D{r}"].value == "監第1号" for r in noticed)
    for r in noticed:
        cell = ws[f"E{r}"]
        assert isinstance(cell.value, dt.datetime) and cell.number_format == ERA_DATE
    dated = [r for r in rows if ws[f"H{r}"].value is not None]
    assert dated and all(isinstance(ws[f"H{r}"].value, dt.datetime) for r in dated)
    assert all(ws[f"H{r}"].number_format == ERA_DATE for r in rows)
    assert "ggge" in ERA_DATE and "[$-411]" in ERA_DATE
    for coordinate in ("A1", "A3", f"C{rows[0]}", f"F{rows[0]}", f"E{rows[0]}"):
        assert ws[coordinate].font.name == "游ゴシック", coordinate
    header = ws.oddHeader.center.text
    assert "改善計画書" in header and "市民部　市民課" in header and "作成日：令和" in header
    assert ws.oddFooter.center.text == "&P / &N"
    assert ws["A2"].value == "210 市民部　市民課"
    # the deficiency as seen, never the checklist's norm before it
    texts = [ws[f"C{r}"].value or "" for r in rows]
    assert not any("点検票）" in t for t in texts)
    proposed = [f for f in findings if f.title and f.title.endswith("点検票）")]
    assert proposed
    for f in proposed:
        assert f.title not in "\n".join(texts)


def test_the_workbook_collects_back_as_written_and_as_an_earlier_version_wrote_it(
    db: Path, tmp_path: Path
) -> None:
    _name, findings = _notice_for_org(db, "210")
    book = tmp_path / "plans.xlsx"
    assert (
        invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(book)).exit_code == 0
    )
    code, receipt, err = collect(db, book)
    assert code == 0, err
    assert receipt["files"][0]["problems"] == []

    # as the version before wrote it: the norm then the text, the notice's internal id,
    # the day as text
    wb = load_workbook(book)
    ws = wb[SHEET_PLANS]
    by_number = {str(n): f for n, f in enumerate(findings, start=1)}
    for r in _rows(ws):
        f = by_number[str(ws[f"A{r}"].value)]
        ws[f"C{r}"].value = finding_text(f)
        if ws[f"D{r}"].value:
            ws[f"D{r}"].value = "N-20261204-0000d8c0"
            ws[f"E{r}"].value = ws[f"E{r}"].value.date().isoformat()
    old = tmp_path / "old.xlsx"
    wb.save(old)
    code, receipt, err = collect(db, old)
    assert code == 0, err
    assert receipt["files"][0]["problems"] == []

    ws[f"E{_rows(ws)[0]}"].value = "2026-01-01"  # a changed 通知日 is still refused
    wrong = tmp_path / "wrong.xlsx"
    wb.save(wrong)
    code, receipt, err = collect(db, wrong)
    assert code != 0
    assert any(p["cell"].startswith("E") for p in receipt["files"][0]["problems"])
