"""A returned 改善計画書 whose only change is on a finding withdrawn after the export
(plansw6): the rows are not collected, named with their row and the finding's number as
listed (who withdrew it, when); exit 1, nothing written. A number changed in the workbook
is still refused, the renumbering of a withdrawal is not. In Japanese and in English."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import SHEET_PLANS
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import edit

GONE = 7  # the plan row of 210's finding 番号 2


def _withdrawn_after_export(cells: dict[str, object]) -> Any:
    """Export 210's workbook, set `cells` on it (bad.xlsx), withdraw the finding of row 7."""

    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "report", "plans", "--organization", "210", "--xlsx", str(tmp / "p.xlsx")
        )
        form = load_workbook(tmp / "p.xlsx")[SHEET_FORM]
        meta = {form.cell(row=r, column=1).value: form.cell(row=r, column=2).value
                for r in range(1, form.max_row + 1)}  # fmt: skip
        engine = open_database(f"sqlite:///{places['db']}")
        uid = meta[f"finding:{GONE}"]
        found = next(f for f in FindingRepository(engine).findings() if f.uid == uid)
        engine.dispose()

        def change(wb: Any) -> None:
            for coordinate, value in cells.items():
                wb[SHEET_PLANS][coordinate] = value

        edit(tmp / "p.xlsx", change, tmp / "bad.xlsx")
        run_inspector(places, "findings", "withdraw", str(found.id), "--reason", "誤り")

    return setup


_ON_WITHDRAWN = {
    f"I{GONE}": "措置済",
    f"F{GONE + 1}": "新しい改善策",
    f"H{GONE + 1}": date(2027, 5, 1),
}

CASES = [
    Case(
        id="plansw6-row-of-a-withdrawn-finding",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_withdrawn_after_export(_ON_WITHDRAWN),
        expect=["bad.xlsx", "取り下げられた指摘", "7 行目: 指摘 2", "8 行目: 指摘 2"],
        exit_code=1,
    ),
    Case(
        id="plansw6-row-of-a-withdrawn-finding-en",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_withdrawn_after_export(_ON_WITHDRAWN),
        expect=["bad.xlsx", "not collected", "row 7: finding 2", "row 8: finding 2"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="plansw6-number-changed-after-a-withdrawal",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_withdrawn_after_export({"A34": "10", "I34": "措置済"}),
        expect=["bad.xlsx", "A34"],
        exit_code=1,
    ),
    Case(
        id="plansw6-number-changed-after-a-withdrawal-en",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_withdrawn_after_export({"A34": "10", "I34": "措置済"}),
        expect=["bad.xlsx", "A34"],
        exit_code=1,
        lang="en",
    ),
]
