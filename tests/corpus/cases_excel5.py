"""Excel round trip, issue found by an adversarial tester (excel5): a date typed in a number
cell, merged answer cells, plan deadlines outside 2000..2099 (1 is 1899-12-31 in a date
cell), control characters in a 改善計画書, `--due` out of range, `--top` below 1. Each refused
with what and where, non-zero exit, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from inspector.exchange.workbooks.plans import SHEET_PLANS
from tests.corpus.case import Case, Placeholders
from tests.corpus.cases_excel import _plans_case, _set
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import edit


def _measures_form(change: Callable[[Any], None]) -> Callable[[Placeholders], None]:
    """The security-measures form of 410 (E4: staff-count, a number item), changed."""

    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "selfcheck", "distribute", "--checklist", "security-measures",
            "--organization", "410", "-o", str(tmp / "forms"),
        )  # fmt: skip
        (form,) = (tmp / "forms").glob("*.xlsx")
        edit(form, change, tmp / "bad.xlsx")

    return setup


def _measures_case(case_id: str, change: Callable[[Any], None], *expect: str) -> Case:
    return Case(
        id=case_id,
        args=["selfcheck", "collect", "{tmp}/bad.xlsx"],
        setup=_measures_form(change),
        expect=["bad.xlsx", *expect],
        exit_code=1,
    )


def _merge(ref: str) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        wb[SHEET_ANSWERS].merge_cells(ref)

    return change


_DATE_IN_NUMBER = _set("E4", datetime(2027, 1, 12))
_PLANS_MESSAGE_EN = "cannot be a deadline or due date"

CASES = [
    _measures_case(
        "excel5-number-typed-as-date", _DATE_IN_NUMBER, "回答!E4:", "2027-01-12", "日付"
    ),
    replace(
        _measures_case("excel5-number-typed-as-date-en", _DATE_IN_NUMBER, "回答!E4:"),
        lang="en",
        expect=["bad.xlsx 回答!E4:", "'2027-01-12' was entered as a date"],
    ),
    _measures_case("excel5-merged-answers", _merge("E5:E6"), "回答!E5:", "E5:E6", "結合"),
    replace(
        _measures_case("excel5-merged-answers-en", _merge("E4:F4"), "回答!E4:"),
        lang="en",
        expect=["bad.xlsx 回答!E4:", "E4:F4 are merged"],
    ),
    _plans_case(
        "excel5-plans-deadline-serial-1", _set("H4", 1, SHEET_PLANS), "改善計画書!H4:", "1899-12-31"
    ),
    _plans_case(
        "excel5-plans-deadline-year-1",
        _set("H4", "0001/1/1", SHEET_PLANS),
        "改善計画書!H4:",
        "0001-01-01",
        "2000-01-01 から 2099-12-31",
    ),
    replace(
        _plans_case("excel5-plans-deadline-9999-en", _set("H4", "9999/12/31", SHEET_PLANS)),
        lang="en",
        expect=["bad.xlsx 改善計画書!H4:", "9999-12-31", _PLANS_MESSAGE_EN],
    ),
    _plans_case(
        "excel5-plans-deadline-serial-999999",
        _set("H4", 999999, SHEET_PLANS),
        "改善計画書!H4:",
        "4637-11-25",
    ),
    _plans_case(
        "excel5-plans-person-bidi",
        _set("G4", "市民課長\u202eXYZ", SHEET_PLANS),
        "改善計画書!G4:",
        "U+202E",
    ),
    _plans_case(
        "excel5-plans-person-tab", _set("G4", "市民\t課長", SHEET_PLANS), "改善計画書!G4:", "U+0009"
    ),
    replace(
        _plans_case("excel5-plans-explanation-cr-en", _set("J4", "説明\r続き", SHEET_PLANS)),
        lang="en",
        expect=["bad.xlsx 改善計画書!J4:", "U+000D"],
    ),
    _plans_case(
        "excel5-plans-measures-line-separator",
        _set("F4", "鍵を\u2028管理", SHEET_PLANS),
        "改善計画書!F4:",
        "U+2028",
    ),
    Case(
        id="excel5-distribute-due-1800",
        args=[
            "selfcheck",
            "distribute",
            "--checklist",
            "id-cards",
            "--due",
            "1800-01-01",
            "-o",
            "{tmp}/forms",
        ],
        expect=["--due", "1800-01-01", "2000-01-01"],
        exit_code=2,
    ),
    Case(
        id="excel5-distribute-due-9999-en",
        args=[
            "selfcheck",
            "distribute",
            "--checklist",
            "id-cards",
            "--due",
            "9999-12-31",
            "-o",
            "{tmp}/forms",
        ],
        expect=["--due", "9999-12-31", _PLANS_MESSAGE_EN],
        exit_code=2,
        lang="en",
    ),
    Case(
        id="excel5-consolidate-top-negative",
        args=["consolidate", "--checklist", "id-cards", "--top", "-1"],
        expect=["--top", "-1"],
        exit_code=2,
    ),
    Case(
        id="excel5-summary-top-zero-en",
        args=["report", "summary", "--checklist", "id-cards", "--top", "0", "-o", "{tmp}/s.pdf"],
        expect=["--top", "0"],
        exit_code=2,
        lang="en",
    ),
]
