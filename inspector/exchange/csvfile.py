"""Reading CSV files the way Japanese offices write them: UTF-8 (with or without BOM) or
CP932, which is what Excel saves as "CSV" on a Japanese Windows."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import cast

_UNNAMED = "\0unnamed-"  # the key of a column without a name; no header holds a NUL


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row; row numbers count the header as row 1, as Excel does."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row else self.message


class CsvProblems(Exception):
    """Every bad row of a file; nothing was written."""

    def __init__(self, path: Path | str, problems: list[RowProblem]) -> None:
        self.path = str(path)
        self.problems = problems
        lines = [f"{self.path}: {p}" for p in problems]
        super().__init__("\n".join(lines))


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not) first; CP932 when the bytes are not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp932")


def read_rows(
    path: Path, required: list[str], optional: list[str] | None = None
) -> list[dict[str, str]]:
    """The rows as dicts; raises `CsvProblems` for an unreadable file or missing columns.

    With `optional`, the file may have no other columns and no values beyond its header:
    an unknown column (a typo such as `anwser`) or a stray value would otherwise be
    dropped without a word. A column without a name is allowed while it is empty, as Excel
    sometimes writes one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvProblems(path, [RowProblem(0, f"cannot read the file: {exc.strerror}")]) from exc
    try:
        text = decode(data)
    except UnicodeDecodeError:
        raise CsvProblems(
            path, [RowProblem(0, "the file is neither UTF-8 nor CP932 text")]
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    problems: list[RowProblem] = []
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(
            RowProblem(
                1, f"missing column(s): {', '.join(missing)} (expected: {','.join(required)})"
            )
        )
    if optional is not None:
        problems += _header_problems(header, required, optional)
    if problems:
        raise CsvProblems(path, problems)
    # Unnamed columns get a key of their own, so a value in any of them can be found.
    reader.fieldnames = [h or f"{_UNNAMED}{n}" for n, h in enumerate(header, start=1)]
    rows: list[dict[str, str]] = []
    try:
        for number, raw in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
            if optional is not None:
                beyond = cast("list[str] | None", raw.get(None))  # DictReader's restkey
                problems += _stray_values(number, row, beyond)
            rows.append({k: v for k, v in row.items() if not k.startswith(_UNNAMED)})
    except csv.Error as exc:
        raise CsvProblems(path, [RowProblem(reader.line_num, f"malformed CSV: {exc}")]) from exc
    if problems:
        raise CsvProblems(path, problems)
    return rows


def _header_problems(
    header: list[str], required: list[str], optional: list[str]
) -> list[RowProblem]:
    known = [*required, *optional]
    problems: list[RowProblem] = []
    for name in dict.fromkeys(h for h in header if h):
        if header.count(name) > 1:
            problems.append(RowProblem(1, f"column '{name}' appears {header.count(name)} times"))
        elif name not in known:
            close = difflib.get_close_matches(name, [k for k in known if k not in header], n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"expected: {','.join(known)}"
            problems.append(RowProblem(1, f"unknown column '{name}' ({hint})"))
    return problems


def _stray_values(number: int, row: dict[str, str], beyond: list[str] | None) -> list[RowProblem]:
    """Values the header gives no column for: in an unnamed column or past the last one."""
    found = [v for k, v in row.items() if k.startswith(_UNNAMED) and v]
    found += [v.strip() for v in beyond or [] if v.strip()]
    if not found:
        return []
    shown = ", ".join(f"'{v}'" for v in found)
    return [
        RowProblem(
            number, f"value(s) outside the named columns: {shown} (a comma in a value needs quotes)"
        )
    ]
