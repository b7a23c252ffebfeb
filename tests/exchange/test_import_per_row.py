"""What `import-csv` does per row of a large file, kept small (issue 17, import margin):
the reader makes its records without a Python-level constructor, and the writer converts
each distinct answer state once without hashing the state again for every answer (a frozen
dataclass's hash is a Python call). Same records, row numbers, lines and stored answers."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState
from inspector.exchange.answers_csv import COLUMNS, export_answers, import_answers
from inspector.exchange.csvfile import CsvProblems, _iter_records, _Record
from inspector.exchange.csvstream import RowStream
from inspector.store.repository import OrganizationInput, Repository

ANSWERS = ["遵守", "不遵守", "該当なし"]
CANONICAL = {"遵守": "compliant", "不遵守": "noncompliant", "該当なし": "not_applicable"}


def _no_python_constructor(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a record made through _Record's Python __new__")

    monkeypatch.setattr(_Record, "__new__", refuse)


def _records(text: str) -> list[tuple[int, int, list[str]]]:
    stream = io.StringIO(text, newline="")
    return [(r.number, r.line, r.fields) for r in _iter_records(Path("in.csv"), stream)]


def test_records_keep_their_numbers_lines_and_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_python_constructor(monkeypatch)
    text = 'a,b\n1,x\n\n2,"multi\nline"\n3,y\n'
    assert _records(text) == [
        (1, 1, ["a", "b"]),
        (2, 2, ["1", "x"]),
        (3, 4, ["2", "multi\nline"]),  # the blank line 3 is no record
        (4, 6, ["3", "y"]),
    ]
    assert all(type(r) is _Record for r in _iter_records(Path("in.csv"), io.StringIO(text)))


def test_a_broken_record_is_named_by_its_row_and_first_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_python_constructor(monkeypatch)
    with pytest.raises(CsvProblems) as open_quote:
        _records('a,b\n1,x\n\n2,"multi\nline"\n3,"never closed\n4,z\n')
    (problem,) = open_quote.value.problems
    assert problem.row == 4 and "line 6" in str(problem)
    with pytest.raises(CsvProblems) as after_quote:
        _records('a,b\n\n1,"two\nlines"x,y\n')
    (problem,) = after_quote.value.problems
    assert problem.row == 2 and "lines 3-4" in str(problem)


def test_the_field_limit_is_restored_after_a_broken_file() -> None:
    before = csv.field_size_limit()
    with pytest.raises(CsvProblems):
        _records('a,b\n1,"open\n')
    assert csv.field_size_limit() == before


def _file(path: Path, units: int) -> list[list[str]]:
    rows = []
    for n in range(units):
        for k, item in enumerate(("c1", "c2")):
            rows.append(
                [f"O{n:04d}", "", "", "mini", item, ANSWERS[(n + k) % 3], "", "", "2025-03-31"]
            )
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return rows


def test_the_write_converts_each_distinct_state_once_and_stores_every_answer(
    repo: Repository,
    mini_catalog: ChecklistCatalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    units = 200
    repo.upsert_organizations(
        [OrganizationInput(f"O{n:04d}", f"所属{n:04d}") for n in range(units)]
    )
    hashed = 0
    real_hash = AnswerState.__hash__

    def counted(self: AnswerState) -> int:
        nonlocal hashed
        hashed += 1
        return real_hash(self)

    monkeypatch.setattr(AnswerState, "__hash__", counted)
    rows = _file(tmp_path / "answers.csv", units)
    report = import_answers(repo, mini_catalog, tmp_path / "answers.csv")
    assert report.counts.answers_added == 2 * units
    # three distinct states in 400 answers: hashed when first converted, not per answer
    assert hashed <= 10, hashed
    monkeypatch.setattr(AnswerState, "__hash__", real_hash)
    exported = list(csv.reader(io.StringIO(export_answers(repo, mini_catalog))))[1:]
    got = sorted((r[0], r[4], r[5], r[8][:10]) for r in exported)
    want = sorted((r[0], r[4], CANONICAL[r[5]], "2025-03-31") for r in rows)
    assert got == want


def test_line_breaks_in_free_text_cells_are_one_newline(tmp_path: Path) -> None:
    path = tmp_path / "breaks.csv"
    body = [
        'O0000,,,mini,c1,遵守,"理由\r\n二行目","一行目\r二行目\r\n三行目",2025-03-31',
        'O0000,,,mini,c2,遵守,,"改行なし",2025-03-31',
        'O0000,,,mini,c3,遵守,,"末尾の改行\r\n",2025-03-31',
    ]
    path.write_bytes((",".join(COLUMNS) + "\r\n" + "\r\n".join(body) + "\r\n").encode())
    got = [values[6:8] for _, values in RowStream(path, COLUMNS, optional=[], unescape=True)]
    assert got == [["理由\n二行目", "一行目\n二行目\n三行目"], ["", "改行なし"], ["", "末尾の改行"]]
