"""Reading CSV files the way Japanese offices write them: UTF-8 (with or without BOM) or
CP932, which is what Excel saves as "CSV" on a Japanese Windows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path


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


def read_rows(path: Path, required: list[str]) -> list[dict[str, str]]:
    """The rows as dicts; raises `CsvProblems` for an unreadable file or missing columns."""
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
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvProblems(
            path,
            [
                RowProblem(
                    1, f"missing column(s): {', '.join(missing)} (expected: {','.join(required)})"
                )
            ],
        )
    reader.fieldnames = header
    rows: list[dict[str, str]] = []
    try:
        for raw in reader:
            rows.append({k: (v or "").strip() for k, v in raw.items() if k is not None})
    except csv.Error as exc:
        raise CsvProblems(path, [RowProblem(reader.line_num, f"malformed CSV: {exc}")]) from exc
    return rows
