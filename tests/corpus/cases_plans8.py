"""Returned workbooks refused alone and named (plans8): a 改善計画書 whose hidden sheet
names a plan or a finding of another organization (the row and the owner said, not a raw
unique-key error nor "not in the database"); a 期限 that is no day, typed as 令和; a
workbook holding far more than a form can (shared strings, a part unpacking too large);
a macro-enabled workbook, whatever its name. Exit 1, nothing written."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import SHEET_PLANS
from inspector.exchange.workbooks.xlsx_cells import MAX_PART_BYTES, MAX_SHARED_STRINGS
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import edit, fill_organization
from tests.corpus.workbook_bombs import with_macros, with_shared_strings

_OWNERS = {
    "plan": "select p.uid from improvement_plan p join finding f on f.id = p.finding_id "
    "join organization o on o.id = f.organization_id where o.code = ? order by p.id",
    "finding": "select f.uid from finding f join organization o on o.id = f.organization_id "
    "where o.code = ? order by f.id",
}


def _uid(places: Placeholders, kind: str, organization: str) -> str:
    """The uid of the first plan or finding (`kind`) of `organization`."""
    with sqlite3.connect(places["db"]) as conn:
        return str(conn.execute(_OWNERS[kind], (organization,)).fetchone()[0])


def _plans_book(
    organization: str, meta: dict[str, tuple[str, str]], deadline: object = None
) -> Any:
    """Export `organization`'s 改善計画書, write a new plan on row 5, and set each key of
    `meta` in the hidden sheet to the uid of (kind, organization): bad.xlsx."""

    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "report", "plans", "--organization", organization, "--xlsx", str(tmp / "p.xlsx")
        )
        values = {key: _uid(places, *owner) for key, owner in meta.items()}

        def change(wb: Any) -> None:
            ws = wb[SHEET_PLANS]
            ws["F5"], ws["G5"], ws["I5"] = "鍵を施錠保管する", "係長", "検討中"
            ws["H5"] = deadline if deadline is not None else date(2027, 3, 31)
            form = wb[SHEET_FORM]
            for row in range(1, form.max_row + 1):
                key = form.cell(row=row, column=1).value
                if key in values:
                    form.cell(row=row, column=2).value = values[key]

        edit(tmp / "p.xlsx", change, tmp / "bad.xlsx")

    return setup


def _form(make: Any, name: str) -> Any:
    """110's backup-media form, answered, then `make(source, out)`: {tmp}/`name`."""

    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "selfcheck", "distribute", "--checklist", "backup-media",
            "--organization", "110", "-o", str(tmp / "forms"),
        )  # fmt: skip
        [source] = (tmp / "forms").glob("*.xlsx")
        answers = {f"b-{n:02d}": "遵守" for n in range(1, 12)}
        filled = fill_organization(source, answers, out=tmp / "filled.xlsx")
        make(filled, tmp / name)

    return setup


_ITEM = len(b"<si><t>A</t></si>")
_FOREIGN_PLAN = {"plan:5": ("plan", "210")}
_FOREIGN_FINDING = {"finding:4": ("finding", "230")}

CASES = [
    Case(
        id="plans8-another-organizations-plan",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_plans_book("230", _FOREIGN_PLAN),
        expect=["bad.xlsx", f"{SHEET_FORM}!B", "5 行目の計画の識別子", "組織 210", "230 のもの"],
        exit_code=1,
    ),
    Case(
        id="plans8-another-organizations-plan-en",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_plans_book("230", _FOREIGN_PLAN),
        expect=["bad.xlsx", f"{SHEET_FORM}!B", "plan id of row 5", "organization 210"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="plans8-another-organizations-finding",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_plans_book("210", _FOREIGN_FINDING),
        expect=["bad.xlsx", f"{SHEET_FORM}!B", "4 行目の指摘", "組織 230 のもの", "210 のもの"],
        exit_code=1,
    ),
    Case(
        id="plans8-another-organizations-finding-en",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_plans_book("210", _FOREIGN_FINDING),
        expect=["bad.xlsx", "finding of row 4", "belongs to organization 230, not 210"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="plans8-era-deadline-that-is-no-day",
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_plans_book("210", {}, deadline="令和9年2月30日"),
        expect=["bad.xlsx", f"{SHEET_PLANS}!H5", "令和9年2月30日"],
        exit_code=1,
    ),
    Case(
        id="plans8-too-many-shared-strings",
        args=["selfcheck", "collect", "{tmp}/bomb.xlsx"],
        setup=_form(lambda s, o: with_shared_strings(s, o, MAX_SHARED_STRINGS + 1), "bomb.xlsx"),
        expect=["bomb.xlsx", "共有文字列が多すぎます", str(MAX_SHARED_STRINGS)],
        exit_code=1,
    ),
    Case(
        id="plans8-part-unpacks-too-large-en",
        args=["selfcheck", "collect", "{tmp}/bomb.xlsx"],
        setup=_form(
            lambda s, o: with_shared_strings(s, o, MAX_PART_BYTES // _ITEM + 10), "bomb.xlsx"
        ),
        expect=["bomb.xlsx", "xl/sharedStrings.xml", "over the 8 MB"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="plans8-macro-enabled-given-by-path",
        args=["selfcheck", "collect", "{tmp}/macro.xlsm"],
        setup=_form(with_macros, "macro.xlsm"),
        expect=["macro.xlsm", "マクロ付きのブック", "xl/vbaProject.bin"],
        exit_code=1,
    ),
    Case(
        id="plans8-macro-project-in-an-xlsx-en",
        args=["selfcheck", "collect", "{tmp}/renamed.xlsx"],
        setup=_form(with_macros, "renamed.xlsx"),
        expect=["renamed.xlsx", "macro-enabled workbook"],
        exit_code=1,
        lang="en",
    ),
]
