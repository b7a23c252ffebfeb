"""The 改善計画書 as a workbook: rows per finding (number and text as on the notice, the
notice's number and date, repeated on each of its rows) with input cells for 改善策, 担当,
期限 (a date), 状況 (措置済 / 継続努力 / 検討中) and 状況の説明; and the rows of a returned one,
checked cell by cell.

A finding has one row per improvement plan (measure) the office holds and `NEW_ROWS` blank
rows for new ones. Every row carries a plan uid in the hidden sheet (a blank row's is made
when the workbook is written), so a plan written on a blank row is created with that uid
and the same workbook collected again finds it instead of making it twice."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from inspector.domain.controls import control_names
from inspector.domain.dates import check_plan_day
from inspector.domain.dates import parse_date as parse_typed_date
from inspector.domain.findings import MEASURE_STATUS_JA, MeasureStatus
from inspector.exchange.workbooks.cells import set_text
from inspector.exchange.workbooks.layout import FIRST_ROW, HEADER_ROW, SHEET_FORM
from inspector.exchange.workbooks.reader import Problem, ReturnedForm

SHEET_PLANS = "改善計画書"
PLAN_HEADERS = (
    "番号", "区分", "指摘事項", "通知番号", "通知日", "改善策", "担当", "期限", "状況", "状況の説明",
)  # fmt: skip
PLAN_KIND = "plans"
NEW_ROWS = 2  # blank rows per finding for plans the department adds
_INPUTS = ("F", "G", "H", "I", "J")
_WIDTHS = {"A": 6, "B": 8, "C": 44, "D": 18, "E": 12, "F": 36, "G": 14, "H": 12, "I": 10, "J": 30}
_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_STATUS = {label: status for status, label in MEASURE_STATUS_JA.items()}
FONT_NAME = "游ゴシック"  # as the consolidation workbooks (exchange/excel.py)
FONT_SIZE = 11
_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
#: a date shown in the Japanese era: 令和8年12月4日 (Excel and LibreOffice, locale 0x411)
ERA_DATE = '[$-411]ggge"年"m"月"d"日"'


@dataclass(frozen=True)
class PlanRow:
    """One finding on the form, with what the office already holds."""

    finding_uid: str
    plan_uid: str
    number: str
    kind: str
    text: str
    notice: str = ""
    notice_date: str = ""
    measures: str = ""
    person: str = ""
    deadline: date | None = None
    status: MeasureStatus | None = None
    status_text: str = ""
    version: str = ""
    """The plan's version when written (`services/plans_stale.py`), in the hidden sheet."""
    earlier: tuple[tuple[str, str], ...] = ()
    """(column, text) a workbook written by an earlier version held in a locked cell (the
    finding with the norm before it, the notice's internal id): still accepted back."""


def locked_cells(rows: list[PlanRow]) -> dict[str, str]:
    cells = {f"{chr(65 + i)}{HEADER_ROW}": h for i, h in enumerate(PLAN_HEADERS)}
    for r, row in enumerate(rows, start=FIRST_ROW):
        for column, value in zip(
            "ABCDE", (row.number, row.kind, row.text, row.notice, row.notice_date), strict=True
        ):
            cells[f"{column}{r}"] = value
    return cells


def _header_text(text: str) -> str:
    """Text for an Excel page header: `&` starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def build_plans_workbook(
    title: str, organization: str, rows: list[PlanRow], form_id: str, header: str = ""
) -> bytes:
    """`header`: the printed page header (what, whose, when)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_PLANS
    set_text(ws["A1"], title)
    ws["A1"].font = Font(name=FONT_NAME, bold=True, size=13)
    set_text(ws["A2"], organization)
    ws["A2"].font = _FONT
    for coordinate, value in locked_cells(rows).items():
        cell = ws[coordinate]
        if coordinate.startswith("E") and cell.row != HEADER_ROW and value:
            cell.value = date.fromisoformat(value)  # 通知日: a date cell shown in 令和
            cell.number_format = ERA_DATE
        else:
            set_text(cell, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = _BORDER
        cell.font = _FONT
        if cell.row == HEADER_ROW:
            cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
            cell.fill = _HEAD
    status_dv = DataValidation(type="list", formula1='"措置済,継続努力,検討中"', allow_blank=True)
    date_dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    date_dv.error = "日付（例 2026/3/31）を入力してください。"
    ws.add_data_validation(status_dv)
    ws.add_data_validation(date_dv)
    for r, row in enumerate(rows, start=FIRST_ROW):
        for column in _INPUTS:
            cell = ws[f"{column}{r}"]
            cell.protection = Protection(locked=False)
            cell.fill = _FILL
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = _FONT
        set_text(ws[f"F{r}"], row.measures)
        set_text(ws[f"G{r}"], row.person)
        if row.deadline is not None:
            ws[f"H{r}"] = row.deadline
        ws[f"H{r}"].number_format = ERA_DATE
        set_text(ws[f"I{r}"], MEASURE_STATUS_JA[row.status] if row.status else "")
        set_text(ws[f"J{r}"], row.status_text)
    if rows:
        last = FIRST_ROW + len(rows) - 1
        status_dv.add(f"I{FIRST_ROW}:I{last}")
        date_dv.add(f"H{FIRST_ROW}:H{last}")
    for letter, width in _WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    if header:
        ws.oddHeader.center.text = _header_text(header)
        ws.oddHeader.center.font = f"{FONT_NAME},標準"
        ws.oddHeader.center.size = 9
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.center.size = 9
    form = wb.create_sheet(SHEET_FORM)
    form.sheet_state = "hidden"
    form.protection.sheet = True
    meta = [("form_id", form_id), ("kind", PLAN_KIND), ("organization", organization.split(" ")[0])]
    for r, row in enumerate(rows, start=FIRST_ROW):
        meta += [(f"finding:{r}", row.finding_uid), (f"plan:{r}", row.plan_uid)]
        meta.append((f"version:{r}", row.version))
    for index, (key, value) in enumerate(meta, start=1):
        set_text(form.cell(row=index, column=1), key)
        set_text(form.cell(row=index, column=2), value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class ReturnedPlan:
    finding_uid: str
    plan_uid: str
    row: int
    measures: str
    person: str
    deadline: date | None
    status: MeasureStatus | None
    status_text: str


@dataclass
class CheckedPlans:
    rows: list[ReturnedPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date | None:
    """A date cell: Excel's serial number (what a date cell holds) or typed text, read as
    the commands read a date (`domain.dates.parse_date`): 2027/3/31, 2027-03-31,
    2027年3月31日, 令和9年3月31日, R9.3.31, full-width digits. Raises ValueError."""
    if re.fullmatch(r"\d{1,6}(\.0+)?", text):
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    return parse_typed_date(text)


def check_plans(
    returned: ReturnedForm,
    form_rows: dict[int, tuple[str, str]],
    findings: dict[str, PlanRow],
    plans: set[str],
) -> CheckedPlans:
    """`form_rows`: sheet row -> (finding uid, plan uid), from the hidden sheet; `findings`:
    finding uid -> the finding's locked cells as the office holds them now; `plans`: the
    uids of the plans the office holds."""
    out = CheckedPlans()

    def problem(cell: str, key: str, /, **params: object) -> None:
        out.problems.append(Problem(SHEET_PLANS, cell, f"excel.problem.{key}", dict(params)))

    cells = returned.cells
    missing = [uid for uid, _ in form_rows.values() if uid not in findings]
    if missing:
        out.problems.append(
            Problem(SHEET_FORM, "", "excel.problem.unknown_finding", {"uid": missing[0]})
        )
        return out
    rows = [
        replace(findings[uid], plan_uid=plan_uid)
        for _, (uid, plan_uid) in sorted(form_rows.items())
    ]
    for coordinate, value in locked_cells(rows).items():
        actual = cells.get(coordinate, "")
        if not _locked_same(coordinate, value, actual, rows):
            problem(coordinate, "locked_changed", expected=value[:40], actual=actual[:40])
    last = FIRST_ROW + len(rows) - 1
    for coordinate in cells:
        letters = coordinate.rstrip("0123456789")
        number = int(coordinate[len(letters) :])
        if number > last or letters not in set("ABCDEFGHIJ"):
            problem(coordinate, "outside_form", value=cells[coordinate][:40])
    for r, row in zip(range(FIRST_ROW, last + 1), rows, strict=True):
        for column in _INPUTS:
            if f"{column}{r}" in returned.formulas:
                problem(f"{column}{r}", "formula")
        deadline = None
        if raw := cells.get(f"H{r}", ""):
            try:
                deadline = parse_date(raw)
            except (ValueError, OverflowError):
                problem(f"H{r}", "not_a_date", value=raw[:40])
            if deadline is not None:
                try:
                    check_plan_day(deadline)
                except ValueError as exc:  # 1 (1899-12-31), 0001/1/1, 9999/12/31: a slip
                    message = exc.args[0]
                    out.problems.append(Problem(SHEET_PLANS, f"H{r}", message.key, message.params))
                    deadline = None
        status = None
        if raw := cells.get(f"I{r}", ""):
            status = _STATUS.get(raw)
            if status is None:
                problem(f"I{r}", "not_in_list", value=raw[:40], choices="／".join(_STATUS))
        for column in _INPUTS:
            # a control character (a bidi override, CR, TAB) would reach a screen and be
            # refused by the office's bundle import; the measures and explanation may hold
            # line breaks (Alt+Enter) and tabs, as a bundle's free text may (never a CR)
            bad = control_names(cells.get(f"{column}{r}", ""), "\t\n" if column in "FJ" else "")
            if bad:
                problem(f"{column}{r}", "control", names=", ".join(bad))
        measures = cells.get(f"F{r}", "")
        if measures and deadline is None and f"H{r}" not in cells:
            problem(f"H{r}", "deadline_needed")
        if not measures and row.plan_uid not in plans and any(f"{c}{r}" in cells for c in "GHIJ"):
            # on a new row, a person, deadline or status without its measure: no plan to
            # attach it to, and leaving it out would lose it
            out.problems.append(Problem(SHEET_PLANS, f"F{r}", "excel_finish.measures_needed", {}))
        if status is None and cells.get(f"J{r}", ""):
            problem(f"I{r}", "status_needed")
        out.rows.append(
            ReturnedPlan(
                row.finding_uid,
                row.plan_uid,
                r,
                measures,
                cells.get(f"G{r}", ""),
                deadline,
                status,
                cells.get(f"J{r}", ""),
            )
        )
    return out


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _locked_same(coordinate: str, value: str, actual: str, rows: list[PlanRow]) -> bool:
    """The locked cell as written: the text (spaces aside), 通知日 as a date cell or as the
    text an earlier version wrote, or what an earlier version wrote (`PlanRow.earlier`)."""
    if _same_text(value, actual):
        return True
    column = coordinate.rstrip("0123456789")
    index = int(coordinate[len(column) :]) - FIRST_ROW
    if index < 0:
        return False
    if column == "E" and value and actual:
        try:
            return parse_date(actual) == date.fromisoformat(value)
        except (ValueError, OverflowError):
            return False
    return any(c == column and _same_text(text, actual) for c, text in rows[index].earlier)


def input_row(problem: Problem) -> int | None:
    """The sheet row of a problem found in a row's input cells (改善策 to 状況の説明), else
    None (a locked cell, a cell outside the form, the hidden sheet)."""
    letters = problem.cell.rstrip("0123456789")
    if problem.sheet != SHEET_PLANS or letters not in _INPUTS or letters == problem.cell:
        return None
    return int(problem.cell[len(letters) :])
