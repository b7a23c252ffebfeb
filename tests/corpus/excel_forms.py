"""Helpers for Excel form tests: distribute through the CLI, then fill, break or re-save
the workbook with openpyxl as a department would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import load_workbook

from inspector.cli.main import cli
from inspector.exchange.workbooks.layout import FIRST_ROW, HEADER_ROW, SHEET_ANSWERS, SHEET_FORM


def invoke(db: str | Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def distribute(db: str | Path, out: Path, checklist: str, *extra: str) -> list[Path]:
    result = invoke(db, "selfcheck", "distribute", "--checklist", checklist, "-o", str(out), *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return [Path(line) for line in result.stdout.splitlines() if line.strip()]


def edit(path: Path, change: Callable[[Any], None], out: Path | None = None) -> Path:
    """Open the workbook, let `change` edit it (given the workbook), save to `out`."""
    wb = load_workbook(path)
    change(wb)
    target = out or path
    wb.save(target)
    return target


def item_rows(ws: Any) -> dict[str, int]:
    rows: dict[str, int] = {}
    for row in range(FIRST_ROW, ws.max_row + 1):
        value = ws.cell(row=row, column=1).value
        if value is not None:
            rows.setdefault(str(value), row)
    return rows


def fill_organization(
    path: Path,
    answers: dict[str, Any],
    *,
    reasons: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
    out: Path | None = None,
) -> Path:
    def change(wb: Any) -> None:
        ws = wb[SHEET_ANSWERS]
        rows = item_rows(ws)
        for item, value in answers.items():
            ws.cell(row=rows[item], column=5).value = value
        for item, value in (reasons or {}).items():
            ws.cell(row=rows[item], column=6).value = value
        for item, value in (notes or {}).items():
            ws.cell(row=rows[item], column=7).value = value

    return edit(path, change, out)


def roster_columns(ws: Any) -> dict[str, int]:
    columns: dict[str, int] = {}
    for column in range(4, ws.max_column + 1):
        heading = ws.cell(row=HEADER_ROW, column=column).value
        if heading:
            columns[str(heading).split(" ", 1)[0]] = column
    return columns


def fill_roster(
    path: Path,
    answers: dict[tuple[str, str], Any],
    out: Path | None = None,
    *,
    reasons: dict[tuple[str, str], Any] | None = None,
    notes: dict[tuple[str, str], Any] | None = None,
) -> Path:
    """`answers`, `reasons`, `notes`: (staff number, item id) -> value."""

    def change(wb: Any) -> None:
        ws = wb[SHEET_ANSWERS]
        rows = item_rows(ws)
        columns = roster_columns(ws)
        for (staff, item), value in answers.items():
            ws.cell(row=rows[staff], column=columns[item]).value = value
        for label, given in (("要因", reasons), ("備考", notes)):
            for (staff, item), value in (given or {}).items():
                ws.cell(row=rows[staff], column=columns[f"{label}（{item}）"]).value = value

    return edit(path, change, out)


def resave_like_libreoffice(path: Path, out: Path | None = None) -> Path:
    """What a re-save does that matters here: styles rewritten (a fresh workbook object is
    saved) and the hidden sheets' state dropped (they become visible)."""

    def change(wb: Any) -> None:
        for ws in wb.worksheets:
            ws.sheet_state = "visible"
        wb[SHEET_FORM].sheet_properties.tabColor = "FF0000"

    return edit(path, change, out)
