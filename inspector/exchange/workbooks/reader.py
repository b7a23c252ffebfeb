"""A returned form read back: its identity, and every answer cell compared with the layout
that was handed out. Every problem names the sheet and the cell; the caller adds the file.

Read in openpyxl's read-only mode (the cells are streamed, styles are not parsed): a file
saved again by Excel or LibreOffice rewrites the styles and may show the hidden sheets,
neither of which matters here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from inspector.domain.answers import InvalidAnswer, normalize_answer
from inspector.domain.checklist import AnswerType, Item
from inspector.domain.model import AnswerState
from inspector.exchange.answers_csv import _reasons as split_reasons
from inspector.exchange.cells import control_characters
from inspector.exchange.workbooks.layout import (
    FIRST_ROW,
    FORM_KEYS,
    SHEET_ANSWERS,
    SHEET_FORM,
    FormKind,
    FormLayout,
    answer_labels,
)
from inspector.exchange.workbooks.xlsx_cells import NotAWorkbook, read_sheets, save_time


@dataclass(frozen=True)
class Problem:
    """What is wrong and where: `key` and `params` are a catalogue message (excel.problem.*)."""

    sheet: str
    cell: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


class UnreadableWorkbook(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


@dataclass
class ReturnedForm:
    meta: dict[str, str]
    meta_cells: dict[str, str]  # key -> the cell holding its value
    cells: dict[str, str]  # coordinate -> text, non-empty cells of the answer sheet
    formulas: set[str]
    dates: set[str] = field(default_factory=set)  # number cells shown as a date (typed 1/12)
    merged: list[str] = field(default_factory=list)  # merged ranges of the answer sheet
    saved_at: datetime | None = None  # when the department last saved it (`save_time`)
    saved_ahead: datetime | None = None  # a save time ahead of the clock: not used, reported


def read_returned(path: Path) -> ReturnedForm:
    """The cells of a returned workbook; `UnreadableWorkbook` when it is not one of ours."""
    try:
        sheets = read_sheets(path, [SHEET_FORM, SHEET_ANSWERS])
    except NotAWorkbook as exc:
        raise UnreadableWorkbook(Problem("", "", exc.key, exc.params)) from None
    if SHEET_FORM not in sheets:
        raise UnreadableWorkbook(Problem(SHEET_FORM, "", "excel.problem.no_form_sheet"))
    if SHEET_ANSWERS not in sheets:
        raise UnreadableWorkbook(Problem(SHEET_ANSWERS, "", "excel.problem.no_answer_sheet"))
    form_cells = sheets[SHEET_FORM].cells
    meta: dict[str, str] = {}
    meta_cells: dict[str, str] = {}
    rows = sorted({_split(c)[1] for c in form_cells})
    for row in rows:
        key = form_cells.get(f"A{row}", "")
        if key in FORM_KEYS and key not in meta:
            meta[key] = form_cells.get(f"B{row}", "")
            meta_cells[key] = f"B{row}"
    answers = sheets[SHEET_ANSWERS]
    saved = save_time(path)
    return ReturnedForm(
        meta,
        meta_cells,
        answers.cells,
        answers.formulas,
        answers.dates,
        answers.merged,
        saved.at,
        saved.ahead,
    )


@dataclass
class CheckedForm:
    """The answers of a form that passed: (staff number or None) -> item -> state."""

    answers: dict[str | None, dict[str, AnswerState]]
    blank: int
    not_applicable: int
    problems: list[Problem]


def _split(coordinate: str) -> tuple[str, int]:
    letters = coordinate.rstrip("0123456789")
    return letters, int(coordinate[len(letters) :])


def _same(expected: str, actual: str) -> bool:
    def norm(text: str) -> str:
        return "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n")).strip()

    return norm(expected) == norm(actual)


def check_cells(returned: ReturnedForm, layout: FormLayout, known_people: set[str]) -> CheckedForm:
    """Compare the answer sheet with the layout handed out, and parse every answer."""
    problems: list[Problem] = []
    cells = returned.cells

    def problem(coordinate: str, message: str, /, **params: Any) -> None:
        problems.append(Problem(SHEET_ANSWERS, coordinate, f"excel.problem.{message}", params))

    roster = layout.kind is FormKind.ROSTER
    keys_by_row: dict[int, str] = {}
    for coordinate, text in layout.locked.items():
        if (
            coordinate.startswith("A")
            and coordinate[1:].isdigit()
            and int(coordinate[1:]) >= FIRST_ROW
        ):
            keys_by_row[int(coordinate[1:])] = text
    row_of = {key: row for row, key in keys_by_row.items()}
    item_ids = {i.id for i in layout.checklist.items}
    seen_rows: set[int] = set()
    # the key column first: a moved, duplicated or unknown row is reported once, as such
    key_rows = sorted(
        int(c[1:])
        for c in cells
        if c.startswith("A") and c[1:].isdigit() and int(c[1:]) >= FIRST_ROW
    )
    first_at: dict[str, int] = {}
    for row in key_rows:
        first_at.setdefault(cells[f"A{row}"], row)
    bad_rows: set[int] = set()
    for row in sorted(set(key_rows) | set(keys_by_row)):
        actual = cells.get(f"A{row}", "")
        expected = keys_by_row.get(row)
        if expected is not None and _same(expected, actual):
            seen_rows.add(row)
            continue
        bad_rows.add(row)
        where = f"A{row}"
        if not actual:
            problem(where, "row_removed", what=expected or "")
        elif first_at.get(actual, row) < row:
            problem(where, "duplicated_row", what=actual, first=f"A{first_at[actual]}")
        elif actual in row_of:
            problem(where, "moved_row", what=actual, expected=f"A{row_of[actual]}")
        elif roster and actual not in known_people:
            problem(where, "person_not_in_roster", staff=actual)
        elif roster:
            problem(where, "person_not_on_form", staff=actual)
        elif actual not in item_ids:
            problem(where, "unknown_item", item=actual, checklist=layout.checklist.id)
        else:
            problem(where, "item_not_on_form", item=actual)
    for coordinate, expected in layout.locked.items():
        column, row = _split(coordinate)
        if column == "A" and row in bad_rows | seen_rows:
            continue
        actual = cells.get(coordinate, "")
        if not _same(expected, actual):
            problem(coordinate, "locked_changed", expected=_short(expected), actual=_short(actual))
    for coordinate, text in cells.items():
        _, row = _split(coordinate)
        if row < FIRST_ROW - 1 or coordinate in layout.locked or coordinate in layout.inputs:
            continue
        if row in bad_rows:
            continue  # already reported at the row's key cell
        problem(coordinate, "outside_form", value=_short(text))
    _merged(returned, layout, problems)
    answers: dict[str | None, dict[str, AnswerState]] = {}
    parts: dict[tuple[str | None, str], dict[str, str]] = {}
    for coordinate, target in layout.inputs.items():
        text = cells.get(coordinate, "")
        if coordinate in returned.formulas:
            problem(coordinate, "formula")
            continue
        if not text:
            continue
        bad = control_characters(text, multiline=target.part != "answer")
        if bad:
            problem(coordinate, "control", names=", ".join(bad))
            continue
        if target.part == "answer" and coordinate in returned.dates:
            item = layout.checklist.item(target.item_id)
            if item.answer is AnswerType.NUMBER:
                # Excel turns 1/12 typed in a number cell into a date: its serial is no count
                params = {"value": _as_date(text)}
                problems.append(Problem(SHEET_ANSWERS, coordinate, "excel5.number_is_date", params))
                continue
        parts.setdefault((target.staff_number, target.item_id), {})[target.part] = text
        parts[(target.staff_number, target.item_id)][target.part + "@"] = coordinate
    blank = 0
    na = 0
    for staff, item in _units(layout):
        given = parts.get((staff, item.id), {})
        state = _state(item, given, problem)
        if state is None:
            continue
        if state.value is None:
            blank += 1
        elif state.value == "not_applicable":
            na += 1
        if not state.is_empty:
            answers.setdefault(staff, {})[item.id] = state
    return CheckedForm(answers, blank, na, problems)


def _merged(returned: ReturnedForm, layout: FormLayout, problems: list[Problem]) -> None:
    """A merged range over answer cells keeps only its first cell's value: the others would
    be dropped unseen, so the range is refused."""
    for ref in returned.merged:
        first, _, last = ref.partition(":")
        try:
            (c1, r1), (c2, r2) = _column_row(first), _column_row(last or first)
        except ValueError:
            continue
        for coordinate in layout.inputs:
            column, row = _column_row(coordinate)
            if c1 <= column <= c2 and r1 <= row <= r2:
                problems.append(Problem(SHEET_ANSWERS, first, "excel5.merged", {"range": ref}))
                break


def _as_date(text: str) -> str:
    """An Excel date serial as the date it shows (46399 -> 2027-01-12), else the text."""
    try:
        moment = datetime(1899, 12, 30) + timedelta(days=float(text))
    except (ValueError, OverflowError):
        return _short(text)
    return moment.date().isoformat()


def _column_row(coordinate: str) -> tuple[int, int]:
    letters, row = _split(coordinate.replace("$", "").upper())
    if not letters:
        raise ValueError(coordinate)
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return column, row


def _units(layout: FormLayout) -> list[tuple[str | None, Item]]:
    if layout.kind is FormKind.ROSTER:
        return [(p.staff_number, i) for p in layout.people for i in layout.items]
    return [(None, i) for i in layout.items]


def _state(item: Item, given: dict[str, str], problem: Any) -> AnswerState | None:
    raw = given.get("answer", "")
    try:
        value = normalize_answer(item, raw)
    except InvalidAnswer:
        where = given.get("answer@", "")
        if item.answer is AnswerType.NUMBER:
            if item.minimum is None and item.maximum is None:
                problem(where, "not_a_number", value=_short(raw))
            else:
                low = "" if item.minimum is None else f"{item.minimum:g}"
                high = "" if item.maximum is None else f"{item.maximum:g}"
                problem(where, "number_out_of_range", value=_short(raw), low=low, high=high)
        else:
            problem(where, "not_in_list", value=_short(raw), choices="／".join(answer_labels(item)))
        return None
    reasons, reason_text = split_reasons(item, given.get("reason", ""))
    return AnswerState(
        value=value, reasons=reasons, reason_text=reason_text, note=given.get("note", "")
    )


def _short(text: str, limit: int = 40) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
