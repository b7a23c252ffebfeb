"""More Excel forms returned with mistakes (issue 15): the 要因 and 備考 columns of a roster,
and the 改善計画書 workbook with several plans per finding. Each refused with the file, the
sheet and the cell, exit 1, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from inspector.exchange.workbooks.layout import (
    ROSTER_FIRST_ITEM_COLUMN,
    ROSTER_PARTS,
    SHEET_ANSWERS,
    SHEET_FORM,
)
from inspector.exchange.workbooks.plans import SHEET_PLANS
from tests.corpus.case import Case, Placeholders
from tests.corpus.cases_excel import ROSTER_FORM, _plans_case, _set
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import edit

OPERATOR_ITEMS = 29
#: the first column past the roster's last item (its 備考)
PAST_ROSTER = get_column_letter(ROSTER_FIRST_ITEM_COLUMN + len(ROSTER_PARTS) * OPERATOR_ITEMS)


def _roster(change: Callable[[Any], None]) -> Callable[[Placeholders], None]:
    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "selfcheck", "distribute", "--checklist", "juki-operator",
            "--organization", "210", "-o", str(tmp / "forms"),
        )  # fmt: skip
        edit(tmp / ROSTER_FORM, change, tmp / "bad.xlsx")

    return setup


def _roster_case(case_id: str, change: Callable[[Any], None], *expect: str) -> Case:
    return Case(
        id=case_id,
        args=["selfcheck", "collect", "{tmp}/bad.xlsx"],
        setup=_roster(change),
        expect=["bad.xlsx", *expect],
        exit_code=1,
    )


def _blank_row(ws: Any) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws[f"F{r}"].value is None)


def _status_without_measure(wb: Any) -> None:
    ws = wb[SHEET_PLANS]
    ws[f"I{_blank_row(ws)}"] = "検討中"


def _deadline_as_words(wb: Any) -> None:
    ws = wb[SHEET_PLANS]
    row = _blank_row(ws)
    ws[f"F{row}"] = "鍵の管理簿を作る"
    ws[f"H{row}"] = "来年度中"


def _plan_id_blanked(wb: Any) -> None:
    ws = wb[SHEET_FORM]
    row = next(r for r in range(1, ws.max_row + 1) if str(ws[f"A{r}"].value).startswith("plan:"))
    ws[f"B{row}"] = None


CASES = [
    _roster_case("excel-roster-reason-formula", _set("E4", "=A1"), "回答!E4:", "数式"),
    _roster_case(
        "excel-roster-note-control-character", _set("F4", "備考\u202e逆"), "回答!F4:", "制御文字"
    ),
    _roster_case(
        "excel-roster-past-the-last-item",
        _set(f"{PAST_ROSTER}4", "メモ"),
        f"回答!{PAST_ROSTER}4:",
        "記入欄ではない",
    ),
    _roster_case(
        "excel-roster-reason-heading-changed",
        _set("E3", "理由"),
        "回答!E3:",
        "保護されたセル",
    ),
    _plans_case(
        "excel-plans-status-without-measure",
        _status_without_measure,
        "改善計画書!F",
        "改善策も記入してください",
    ),
    _plans_case(
        "excel-plans-deadline-not-a-date", _deadline_as_words, "改善計画書!H", "「来年度中」"
    ),
    _plans_case(
        "excel-plans-plan-id-removed",
        _plan_id_blanked,
        "様式情報",
        "計画の識別子が正しくありません",
    ),
    _plans_case(
        "excel-plans-finding-text-changed", _set("C4", "書換え", SHEET_PLANS), "改善計画書!C4:"
    ),
    Case(
        id="excel-plans-a-self-check-form",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_roster(lambda wb: None),
        expect=["bad.xlsx", "改善計画書の様式ではありません"],
        exit_code=1,
    ),
    Case(
        id="excel-plans-workbook-unknown-organization",
        args=["report", "plans", "--organization", "999", "--xlsx", "{tmp}/p.xlsx"],
        expect=["「999」"],
        exit_code=1,
    ),
]

__all__ = ["CASES", "SHEET_ANSWERS"]
