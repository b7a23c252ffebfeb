"""`selfcheck collect --manager` given for a form that is not a roster (an organization's
form): refused with the file and why (only a roster's hearings record who heard them), the
database unchanged; and another manager still refused when the names differ only in their
spaces' width from a third name (normalizing does not make different people one)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import fill_organization, fill_roster, item_rows

DEPT_FORM = "forms/210_市民課_juki-department.xlsx"
ROSTER = "forms/210_市民課_juki-operator.xlsx"


def _department_form(places: Placeholders) -> None:
    tmp = Path(places["tmp"])
    run_inspector(
        places, "selfcheck", "distribute", "--checklist", "juki-department",
        "--organization", "210", "-o", str(tmp / "forms"),
    )  # fmt: skip
    form = tmp / DEPT_FORM
    first = next(iter(item_rows(load_workbook(form)[SHEET_ANSWERS])))
    fill_organization(form, {first: "遵守"}, out=form)


def _roster_heard_by_a_manager(places: Placeholders) -> None:
    tmp = Path(places["tmp"])
    run_inspector(
        places, "selfcheck", "distribute", "--checklist", "juki-operator",
        "--organization", "210", "-o", str(tmp / "forms"),
    )  # fmt: skip
    roster = tmp / ROSTER
    first = next(iter(item_rows(load_workbook(roster)[SHEET_ANSWERS])))
    fill_roster(roster, {(first, "o-01"): "遵守"}, out=roster)
    run_inspector(places, "selfcheck", "collect", str(roster), "--manager", "市民　課長")


CASES = [
    Case(
        id="manager-fix-not-a-roster",
        args=["selfcheck", "collect", f"{{tmp}}/{DEPT_FORM}", "--manager", "市民 課長"],
        setup=_department_form,
        expect=["210_市民課_juki-department.xlsx", "--manager", "名簿形式ではありません"],
        exit_code=1,
    ),
    Case(
        id="manager-fix-not-a-roster-en",
        args=["selfcheck", "collect", f"{{tmp}}/{DEPT_FORM}", "--manager", "市民 課長"],
        setup=_department_form,
        expect=["210_市民課_juki-department.xlsx", "--manager", "not a roster"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="manager-fix-another-name-with-full-width-space",
        args=["selfcheck", "collect", f"{{tmp}}/{ROSTER}", "--manager", "市民　係長"],
        setup=_roster_heard_by_a_manager,
        expect=["210_市民課_juki-operator.xlsx", "市民 課長", "市民 係長", "聴取"],
        exit_code=1,
    ),
]
