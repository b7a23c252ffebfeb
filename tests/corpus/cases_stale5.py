"""A returned 改善計画書 whose plan was changed in the app after the workbook was written
(stale5): the row where the department changed the same field (or a status, on a plan given
an entry since) is left out, named with its row, who changed the plan and when; exit 1,
nothing written. In Japanese and in English."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from inspector.domain.findings import MeasureStatus
from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import SHEET_PLANS
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import edit

ROW = 4  # the first plan row of the workbook of 210


def _changed_in_app(field: str, cell: str, value: object) -> Any:
    """Export 210's workbook, change the plan of row 4 in the app as 監査 花子 (`field`:
    "deadline", or "status" for a new entry), then set `cell` of row 4 in the workbook."""

    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "report", "plans", "--organization", "210", "--xlsx", str(tmp / "p.xlsx")
        )
        form = load_workbook(tmp / "p.xlsx")[SHEET_FORM]
        meta = {form.cell(row=r, column=1).value: form.cell(row=r, column=2).value
                for r in range(1, form.max_row + 1)}  # fmt: skip
        engine = open_database(f"sqlite:///{places['db']}")
        repo = FindingRepository(engine)
        plan = next(p for _, p in repo.plans_with_findings() if p.uid == meta[f"plan:{ROW}"])
        if field == "status":
            repo.add_entry(plan.id, MeasureStatus.DONE, date(2026, 12, 2), "完了", "監査 花子")
        else:
            repo.update_plan(plan.id, {"deadline": date(2027, 1, 15)}, "監査 花子")
        engine.dispose()

        def change(wb: Any) -> None:
            wb[SHEET_PLANS][f"{cell}{ROW}"] = value

        edit(tmp / "p.xlsx", change, tmp / "bad.xlsx")

    return setup


CASES = [
    Case(
        id="stale5-plans-deadline-changed-in-app",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_changed_in_app("deadline", "H", date(2027, 9, 30)),
        expect=["bad.xlsx", "取り込んでいません", f"{ROW} 行目", "監査 花子"],
        exit_code=1,
    ),
    Case(
        id="stale5-plans-deadline-changed-in-app-en",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_changed_in_app("deadline", "H", date(2027, 9, 30)),
        expect=["bad.xlsx", "not collected", f"row {ROW}", "監査 花子"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="stale5-plans-status-after-an-entry-in-app",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_changed_in_app("status", "I", "継続努力"),
        expect=["bad.xlsx", "取り込んでいません", f"{ROW} 行目", "監査 花子"],
        exit_code=1,
    ),
    Case(
        id="stale5-plans-status-after-an-entry-in-app-en",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_changed_in_app("status", "I", "継続努力"),
        expect=["bad.xlsx", "not collected", f"row {ROW}", "監査 花子"],
        exit_code=1,
        lang="en",
    ),
]
