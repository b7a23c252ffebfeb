"""The workbook of a form layout: a cover, the 回答 sheet with a drop-down on every answer
cell and everything else locked (no password: it keeps the structure from being changed
by accident, not from a determined user), A4 print setup, and two hidden sheets (the
drop-down lists, and the form's identity that `collect` reads back)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from inspector.domain.checklist import AnswerType, Item
from inspector.exchange.workbooks.cells import set_text
from inspector.exchange.workbooks.layout import (
    ANSWER_COLUMN,
    FIRST_ROW,
    FORM_KEYS,
    HEADER_ROW,
    ROSTER_FIRST_ITEM_COLUMN,
    SHEET_ANSWERS,
    SHEET_COVER,
    SHEET_FORM,
    SHEET_LISTS,
    FormKind,
    FormLayout,
    answer_labels,
    roster_column,
)

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
# widths in Excel character units; a Japanese character takes about two
_ORG_WIDTHS = {"A": 10, "B": 16, "C": 46, "D": 40, "E": 12, "F": 26, "G": 26}
_ROSTER_WIDTHS = {"A": 12, "B": 16, "C": 14}
_ROSTER_PART_WIDTHS = {"answer": 16, "reason": 18, "note": 14}


@dataclass(frozen=True)
class Cover:
    """Who, what, by when, and how to return: the cover sheet's lines."""

    title: str
    lines: tuple[tuple[str, str], ...]
    comment: str = ""
    comment_label: str = ""


@dataclass(frozen=True)
class FormIdentity:
    form_id: str
    organization: str
    respondent: str = ""


def build_form(
    layout: FormLayout,
    identity: FormIdentity,
    cover: Cover,
    *,
    title: str,
    instruction: str,
    filled: dict[str, str] | None = None,
) -> bytes:
    """The .xlsx bytes of the form; `filled`: input cell -> text (a form sent back)."""
    wb = Workbook()
    cover_ws = wb.active
    assert cover_ws is not None
    cover_ws.title = SHEET_COVER
    _cover(cover_ws, cover)
    ws = wb.create_sheet(SHEET_ANSWERS)
    lists = wb.create_sheet(SHEET_LISTS)
    lists.sheet_state = "hidden"
    form = wb.create_sheet(SHEET_FORM)
    form.sheet_state = "hidden"
    set_text(ws["A1"], title)
    ws["A1"].font = Font(bold=True, size=13)
    set_text(ws["A2"], instruction)
    ws["A2"].alignment = Alignment(wrap_text=False, vertical="top")
    for coordinate, text in layout.locked.items():
        cell = ws[coordinate]
        set_text(cell, text)
        cell.alignment = _WRAP
        cell.border = _BORDER
        if cell.row == HEADER_ROW:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
    for coordinate in layout.inputs:
        cell = ws[coordinate]
        cell.protection = _UNLOCKED
        cell.fill = _INPUT_FILL
        cell.border = _BORDER
        cell.alignment = _WRAP
    for coordinate, text in (filled or {}).items():
        set_text(ws[coordinate], text)
    _validations(ws, lists, layout)
    _widths(ws, layout)
    _protect_and_print(ws, layout)
    for sheet in (cover_ws, lists, form):
        sheet.protection.sheet = True
    values = {
        "form_id": identity.form_id,
        "checklist_id": layout.checklist.id,
        "checklist_version": layout.checklist.version,
        "kind": layout.kind.value,
        "organization": identity.organization,
        "respondent": identity.respondent,
        "digest": layout.digest(),
    }
    for row, key in enumerate(FORM_KEYS, start=1):
        set_text(form.cell(row=row, column=1), key)
        set_text(form.cell(row=row, column=2), values[key])
    wb.active = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cover(ws: Worksheet, cover: Cover) -> None:
    set_text(ws["A1"], cover.title)
    ws["A1"].font = Font(bold=True, size=14)
    row = 3
    for label, value in cover.lines:
        set_text(ws.cell(row=row, column=1), label)
        ws.cell(row=row, column=1).font = Font(bold=True)
        set_text(ws.cell(row=row, column=2), value)
        ws.cell(row=row, column=2).alignment = _WRAP
        row += 1
    if cover.comment:
        row += 1
        set_text(ws.cell(row=row, column=1), cover.comment_label)
        ws.cell(row=row, column=1).font = Font(bold=True, color="C00000")
        set_text(ws.cell(row=row, column=2), cover.comment)
        ws.cell(row=row, column=2).alignment = _WRAP
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 70
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"


def _list_range(lists: Worksheet, column: int, labels: list[str]) -> str:
    letter = get_column_letter(column)
    for row, label in enumerate(labels, start=1):
        set_text(lists.cell(row=row, column=column), label)
    return f"'{SHEET_LISTS}'!${letter}$1:${letter}${len(labels)}"


def _validations(ws: Worksheet, lists: Worksheet, layout: FormLayout) -> None:
    """One validation per distinct list (not per cell): a form of 57 items has a handful."""
    by_list: dict[tuple[str, ...], DataValidation] = {}
    by_number: dict[tuple[float | None, float | None], DataValidation] = {}
    reasons: dict[tuple[str, ...], DataValidation] = {}
    column = 1

    def list_validation(labels: list[str], strict: bool) -> DataValidation:
        nonlocal column
        source = _list_range(lists, column, labels)
        column += 1
        dv = DataValidation(type="list", formula1=source, allow_blank=True)
        if strict:
            dv.error = "一覧から選んでください。"
            dv.errorTitle = "回答"
        else:
            # reasons: pick one from the list or type several, separated by 「;」
            dv.errorStyle = "information"
            dv.showErrorMessage = False
        ws.add_data_validation(dv)
        return dv

    cells: dict[int, list[str]] = {}
    for coordinate, target in layout.inputs.items():
        item = layout.checklist.item(target.item_id)
        if target.part == "answer":
            labels = answer_labels(item)
            if labels:
                key = tuple(labels)
                if key not in by_list:
                    by_list[key] = list_validation(labels, strict=True)
                cells.setdefault(id(by_list[key]), []).append(coordinate)
            elif item.answer is AnswerType.NUMBER:
                bounds = (item.minimum, item.maximum)
                if bounds not in by_number:
                    by_number[bounds] = _number_validation(item)
                    ws.add_data_validation(by_number[bounds])
                cells.setdefault(id(by_number[bounds]), []).append(coordinate)
        elif target.part == "reason" and item.reasons:
            key = tuple(r.ja for r in item.reasons)
            if key not in reasons:
                reasons[key] = list_validation(list(key), strict=False)
            cells.setdefault(id(reasons[key]), []).append(coordinate)
    for dv in [*by_list.values(), *by_number.values(), *reasons.values()]:
        dv.sqref = MultiCellRange(" ".join(_ranges(cells.get(id(dv), []))))


def _ranges(coordinates: list[str]) -> list[str]:
    """Cells as few ranges (runs down a column, then equal runs side by side): a roster of
    1,600 cells is one range, which Excel and every reader parse once rather than 1,600
    times."""
    columns: dict[int, list[int]] = {}
    for coordinate in coordinates:
        column, row = coordinate_to_tuple(coordinate)[::-1]
        columns.setdefault(column, []).append(row)
    runs: list[tuple[int, int, int]] = []  # (first row, last row, column)
    for column, rows in sorted(columns.items()):
        rows.sort()
        start = previous = rows[0]
        for row in rows[1:]:
            if row != previous + 1:
                runs.append((start, previous, column))
                start = row
            previous = row
        runs.append((start, previous, column))
    merged: list[list[int]] = []  # [first row, last row, first column, last column]
    for first, last, column in sorted(runs):
        top = merged[-1] if merged else None
        if top and top[0] == first and top[1] == last and top[3] == column - 1:
            top[3] = column
        else:
            merged.append([first, last, column, column])
    return [f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}" for r1, r2, c1, c2 in merged]


def _number_validation(item: Item) -> DataValidation:
    low, high = item.minimum, item.maximum
    if low is not None and high is not None:
        dv = DataValidation(
            type="decimal", operator="between", formula1=f"{low:g}", formula2=f"{high:g}"
        )
    elif low is not None:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=f"{low:g}")
    elif high is not None:
        dv = DataValidation(type="decimal", operator="lessThanOrEqual", formula1=f"{high:g}")
    else:
        dv = DataValidation(type="decimal", operator="between", formula1="-1E+30", formula2="1E+30")
    dv.allow_blank = True
    dv.error = "数値を入力してください。"
    return dv


def _widths(ws: Worksheet, layout: FormLayout) -> None:
    if layout.kind is FormKind.ROSTER:
        for letter, width in _ROSTER_WIDTHS.items():
            ws.column_dimensions[letter].width = width
        for n in range(len(layout.items)):
            for part in layout.parts:
                letter = roster_column(n, part, layout.parts)
                ws.column_dimensions[letter].width = _ROSTER_PART_WIDTHS[part]
        ws.row_dimensions[HEADER_ROW].height = 90
        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=ROSTER_FIRST_ITEM_COLUMN)
    else:
        for letter, width in _ORG_WIDTHS.items():
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = f"{ANSWER_COLUMN}{FIRST_ROW}"


def _protect_and_print(ws: Worksheet, layout: FormLayout) -> None:
    # locked without a password; the answers may still be sorted out of order by nobody
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may be changed to read long text
    ws.protection.formatRows = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if layout.kind is FormKind.ROSTER else "portrait"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    if layout.kind is FormKind.ROSTER:
        # three columns an item do not fit one page's width legibly: the items run on over
        # the pages, each with the staff number, name and type at its left
        ws.print_title_cols = "A:C"
        ws.page_setup.scale = 80
        return
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
