"""The CSV reader under bad files: a stray quote swallowing rows, mixed encodings, control
characters and huge values are refused with their row, never read as something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.exchange.csvfile import FIELD_LIMIT, CsvProblems, read_rows

COLUMNS = ["organization", "item", "answer", "note", "answered_at"]
HEADER = ",".join(COLUMNS) + "\n"


def _write(tmp_path: Path, data: bytes | str) -> Path:
    path = tmp_path / "in.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _problems(tmp_path: Path, data: bytes | str) -> list[str]:
    with pytest.raises(CsvProblems) as info:
        read_rows(_write(tmp_path, data), COLUMNS, optional=[])
    return [str(p) for p in info.value.problems]


def _rows(n: int, start: int = 0) -> str:
    return "".join(f"110,c{i},compliant,,2025-06-01\n" for i in range(start, start + n))


def test_a_quote_left_open_to_the_end_of_the_file_is_refused_at_its_row(tmp_path: Path) -> None:
    text = HEADER + _rows(1) + '110,x,compliant,"forgot to close,2025-06-01\n' + _rows(13, 5)
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("row 3:") and "never closed" in problem and "line 3" in problem


def test_a_quote_that_swallows_whole_rows_is_refused(tmp_path: Path) -> None:
    # The stray quote is closed by a later, legitimate quoted note: every row between
    # would have been stored inside the first note.
    text = (
        HEADER
        + '110,a,compliant,"stray,2025-06-01\n'
        + _rows(5)
        + '110,b,compliant,closing",2025-06-01\n'
    )
    problems = _problems(tmp_path, text)
    assert problems and problems[0].startswith("row 2:"), problems
    assert "look like whole rows" in problems[0]


def test_text_after_a_closing_quote_is_refused(tmp_path: Path) -> None:
    text = HEADER + _rows(2) + '110,x,compliant,"a" b,2025-06-01\n'
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("row 4:") and "closing quote" in problem


def test_a_multi_line_note_is_still_read(tmp_path: Path) -> None:
    text = HEADER + '110,x,compliant,"line one\nline two, with a comma",2025-06-01\n' + _rows(1)
    rows = read_rows(_write(tmp_path, text), COLUMNS, optional=[])
    assert rows[0]["note"] == "line one\nline two, with a comma"
    assert len(rows) == 2


def test_a_cp932_row_in_a_utf8_file_is_named_not_decoded_as_cp932(tmp_path: Path) -> None:
    data = (
        HEADER.encode()
        + "110,a,遵守,点検済み,2025-06-01\n".encode()
        + "110,b,遵守,点検済み,2025-06-01\n".encode("cp932")
        + "110,c,遵守,確認,2025-06-01\n".encode()
    )
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith("row 3:") and "not valid UTF-8" in problem


def test_a_cp932_row_in_a_utf8_file_with_bom_is_refused(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + HEADER.encode() + "110,b,遵守,点検,2025-06-01\n".encode("cp932")
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith("row 2:") and "not valid UTF-8" in problem


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_a_file_in_one_encoding_is_read(tmp_path: Path, encoding: str) -> None:
    text = HEADER + "110,a,遵守,点検済み ｶﾀｶﾅ,2025-06-01\n"
    rows = read_rows(_write(tmp_path, text.encode(encoding)), COLUMNS, optional=[])
    assert rows[0]["note"] == "点検済み ｶﾀｶﾅ"


def test_bytes_neither_utf8_nor_cp932_are_named_by_row(tmp_path: Path) -> None:
    data = HEADER.encode() + _rows(1).encode() + b"110,b,\x81 x,,2025-06-01\n"
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith("row 3:") and "neither UTF-8 nor CP932" in problem


@pytest.mark.parametrize(
    ("value", "code"),
    [("\x1b[2J", "U+001B"), ("a\x07b", "U+0007"), ("\x7f", "U+007F"), ("x\x9b", "U+009B")],
)
def test_control_characters_are_refused_with_their_row(
    tmp_path: Path, value: str, code: str
) -> None:
    text = HEADER + _rows(1) + f"110,x,compliant,{value},2025-06-01\n"
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("row 3:") and code in problem and "'note'" in problem


def test_a_line_break_outside_a_free_text_column_is_refused(tmp_path: Path) -> None:
    text = HEADER + '"11\n0",x,compliant,,2025-06-01\n'
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("row 2:") and "'organization'" in problem


def test_a_huge_note_is_reported_at_its_own_row(tmp_path: Path) -> None:
    text = HEADER + "110,x,compliant," + "あ" * (FIELD_LIMIT + 10) + ",2025-06-01\n"
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("row 2:") and str(FIELD_LIMIT) in problem
