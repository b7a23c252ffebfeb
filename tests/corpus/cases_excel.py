"""Excel forms returned with mistakes (issue 15): each refused with the file, the sheet and
the cell, exit 1, nothing written. The forms are distributed from the demo database in
`setup` (before the database is compared), then broken as a department would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from inspector.exchange.workbooks.layout import SHEET_ANSWERS, SHEET_FORM
from inspector.resources import shipped_checklists_dir
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import edit, fill_organization

DEPT = "juki-department"
DEPT_FORM = "forms/210_市民課_juki-department.xlsx"
ROSTER_FORM = "forms/210_市民課_juki-operator.xlsx"


def _broken(
    checklist: str, form: str, change: Callable[[Any], None]
) -> Callable[[Placeholders], None]:
    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "selfcheck", "distribute", "--checklist", checklist, "--organization", "210",
            "-o", str(tmp / "forms"),
        )  # fmt: skip
        fill_organization(tmp / form, {}, out=tmp / "bad.xlsx") if checklist == DEPT else None
        source = tmp / "bad.xlsx" if checklist == DEPT else tmp / form
        edit(source, change, tmp / "bad.xlsx")

    return setup


def _case(case_id: str, change: Callable[[Any], None], *expect: str, roster: bool = False) -> Case:
    checklist, form = ("juki-operator", ROSTER_FORM) if roster else (DEPT, DEPT_FORM)
    return Case(
        id=case_id,
        args=["selfcheck", "collect", "{tmp}/bad.xlsx"],
        setup=_broken(checklist, form, change),
        expect=["bad.xlsx", *expect],
        exit_code=1,
    )


def _set(cell: str, value: object, sheet: str = SHEET_ANSWERS) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        wb[sheet][cell] = value

    return change


def _swap_rows(wb: Any) -> None:
    ws = wb[SHEET_ANSWERS]
    for column in range(1, 5):
        a, b = ws.cell(row=4, column=column), ws.cell(row=5, column=column)
        a.value, b.value = b.value, a.value


def _duplicate_first_row(wb: Any) -> None:
    ws = wb[SHEET_ANSWERS]
    last = ws.max_row
    for column in range(1, 8):
        ws.cell(row=last + 1, column=column).value = ws.cell(row=4, column=column).value


def _delete_form_sheet(wb: Any) -> None:
    del wb[SHEET_FORM]


def _revised_checklist(places: Placeholders) -> None:
    _broken(DEPT, DEPT_FORM, _set("E4", "遵守"))(places)
    office = Path(places["tmp"]) / "office"
    office.mkdir()
    text = (shipped_checklists_dir() / f"{DEPT}.yaml").read_text(encoding="utf-8")
    (office / f"{DEPT}.yaml").write_text(
        text.replace('version: "1.0"', 'version: "1.1"', 1), encoding="utf-8"
    )


def _plain_workbook(places: Placeholders) -> None:
    wb = Workbook()
    wb.active["A1"] = "回答"  # type: ignore[index]
    wb.save(Path(places["tmp"]) / "bad.xlsx")


def _existing_target(places: Placeholders) -> None:
    folder = Path(places["tmp"]) / "forms"
    folder.mkdir()
    (folder / "210_市民課_juki-department.xlsx").write_bytes(b"the office's own file")


CASES = [
    replace(
        _case("excel-value-not-in-list-en", _set("E6", "maybe"), "bad.xlsx 回答!E6:"),
        lang="en",
        expect=["bad.xlsx 回答!E6:", "'maybe' is not one of the choices"],
    ),
    _case(
        "excel-value-not-in-list",
        _set("E6", "たぶん"),
        "bad.xlsx 回答!E6:",
        "「たぶん」は選択肢にありません",
    ),
    _case("excel-moved-rows", _swap_rows, "回答!A4:", "移動"),
    _case("excel-protected-cell-changed", _set("C5", "書き換え"), "回答!C5:", "保護されたセル"),
    _case("excel-duplicated-row", _duplicate_first_row, "回答!A61:", "重複"),
    _case(
        "excel-unknown-form-id",
        _set("B1", "SC-000000000000", SHEET_FORM),
        "様式情報!B1:",
        "配布の記録にありません",
    ),
    _case("excel-form-sheet-deleted", _delete_form_sheet, "inspector が配布した様式ではありません"),
    _case("excel-formula-in-answer", _set("E4", "=1+1"), "回答!E4:", "数式"),
    _case("excel-value-outside-form", _set("H4", "メモ"), "回答!H4:", "記入欄ではない"),
    _case("excel-control-character", _set("G4", "備考\u202e逆向き"), "回答!G4:", "制御文字"),
    _case(
        "excel-person-not-in-roster",
        _set("A4", "Z999"),
        "回答!A4:",
        "「Z999」は名簿にありません",
        roster=True,
    ),
    _case(
        "excel-roster-answer-not-in-list",
        _set("D4", "たぶん"),
        "回答!D4:",
        "選択肢にありません",
        roster=True,
    ),
    Case(
        id="excel-checklist-revised-since-distribution",
        args=["--checklist-dir", "{tmp}/office", "selfcheck", "collect", "{tmp}/bad.xlsx"],
        setup=_revised_checklist,
        expect=["bad.xlsx 様式情報!B3:", "1.1"],
        exit_code=1,
    ),
    Case(
        id="excel-not-a-workbook",
        files={"bad.xlsx": b"PK\x03\x04 not really a zip"},
        args=["selfcheck", "collect", "{tmp}/bad.xlsx"],
        expect=["bad.xlsx: ", "Excel ブック"],
        exit_code=1,
    ),
    Case(
        id="excel-workbook-not-distributed",
        args=["selfcheck", "collect", "{tmp}/bad.xlsx"],
        setup=_plain_workbook,
        expect=["bad.xlsx: ", "配布した様式ではありません"],
        exit_code=1,
    ),
    Case(
        id="excel-collect-missing-path",
        args=["selfcheck", "collect", "{tmp}/nowhere"],
        expect=["nowhere"],
        exit_code=1,
    ),
    Case(
        id="excel-distribute-unknown-organization",
        args=[
            "selfcheck",
            "distribute",
            "--checklist",
            DEPT,
            "--organization",
            "999",
            "-o",
            "{tmp}/f",
        ],
        expect=["「999」"],
        exit_code=1,
    ),
    Case(
        id="excel-distribute-per-person-organization-checklist",
        args=["selfcheck", "distribute", "--checklist", DEPT, "--per-person", "-o", "{tmp}/f"],
        expect=["--per-person"],
        exit_code=1,
    ),
    Case(
        id="excel-distribute-bad-due",
        args=[
            "selfcheck",
            "distribute",
            "--checklist",
            DEPT,
            "--due",
            "2026-13-40",
            "-o",
            "{tmp}/f",
        ],
        expect=["2026-13-40"],
        exit_code=2,
    ),
    Case(
        id="excel-distribute-would-overwrite",
        args=[
            "selfcheck",
            "distribute",
            "--checklist",
            DEPT,
            "--organization",
            "210",
            "-o",
            "{tmp}/forms",
        ],
        setup=_existing_target,
        expect=["210_市民課_juki-department.xlsx", "--force"],
        exit_code=1,
    ),
    Case(
        id="excel-return-unknown-form",
        args=["selfcheck", "return", "--form", "SC-NOPE", "--comment", "x", "-o", "{tmp}/r.xlsx"],
        expect=["SC-NOPE"],
        exit_code=1,
    ),
]


def _plans_form(change: Callable[[Any], None]) -> Callable[[Placeholders], None]:
    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "report", "plans", "--organization", "210", "--xlsx", str(tmp / "p.xlsx")
        )
        edit(tmp / "p.xlsx", change, tmp / "bad.xlsx")

    return setup


def _plans_case(case_id: str, change: Callable[[Any], None], *expect: str) -> Case:
    return Case(
        id=case_id,
        args=["plans", "collect", "{tmp}/bad.xlsx"],
        setup=_plans_form(change),
        expect=["bad.xlsx", *expect],
        exit_code=1,
    )


CASES += [
    _plans_case(
        "excel-plans-status-not-in-list", _set("I4", "たぶん", "改善計画書"), "改善計画書!I4:"
    ),
    _plans_case(
        "excel-plans-date-not-a-date", _set("H5", "来年度", "改善計画書"), "改善計画書!H5:", "日付"
    ),
    _plans_case(
        "excel-plans-finding-changed", _set("C4", "別の指摘", "改善計画書"), "改善計画書!C4:"
    ),
    _plans_case(
        "excel-plans-text-without-status", _set("I4", None, "改善計画書"), "改善計画書!I4:", "状況"
    ),
    _plans_case("excel-plans-formula", _set("F4", "=A1", "改善計画書"), "改善計画書!F4:", "数式"),
    _plans_case(
        "excel-plans-not-a-plans-form", _set("B2", "selfcheck", SHEET_FORM), "様式情報!B2:"
    ),
]
