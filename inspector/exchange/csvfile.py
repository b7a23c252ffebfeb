"""Reading CSV files the way Japanese offices write them: UTF-8 (with or without BOM) or
CP932, which is what Excel saves as "CSV" on a Japanese Windows."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from inspector.exchange.cells import MULTILINE_COLUMNS, control_characters, one_line_break
from inspector.i18n import Message, Translator, os_error, render

_UNNAMED = "\0unnamed-"  # the key of a column without a name; no header holds a NUL


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row; row numbers count the header as row 1, as Excel does."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row else self.message

    def render_in(self, translate: Translator) -> str:
        """The problem in `translate`'s language (the message may be a catalogue one)."""
        message = render(self.message, translate)
        return translate("errors.csv.row", row=self.row, message=message) if self.row else message


#: how many problems of a file are kept and listed; the others are counted (`total`)
LISTED = 100


class CsvProblems(Exception):
    """The bad rows of a file (the first `LISTED`; `total` counts all); nothing was written."""

    def __init__(
        self, path: Path | str, problems: list[RowProblem], *, total: int | None = None
    ) -> None:
        self.path = str(path)
        self.problems = problems[:LISTED]
        self.total = max(total or 0, len(problems))
        lines = [f"{self.path}: {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ProblemLog:
    """Problems as they are found: the first `LISTED` kept, every one counted, so a file of
    a million bad rows is not a million objects (nor a million lines on the terminal)."""

    __slots__ = ("listed", "total")

    def __init__(self) -> None:
        self.listed: list[RowProblem] = []
        self.total = 0

    def add(self, problem: RowProblem) -> None:
        self.total += 1
        if len(self.listed) < LISTED:
            self.listed.append(problem)

    def extend(self, problems: list[RowProblem]) -> None:
        for problem in problems:
            self.add(problem)

    def __bool__(self) -> bool:
        return self.total > 0

    def refusal(self, path: Path | str) -> CsvProblems:
        return CsvProblems(path, self.listed, total=self.total)


_BOM = b"\xef\xbb\xbf"
# A value longer than this is refused rather than read: it is far more often a quote that
# is not closed than a real note (csv's own default).
FIELD_LIMIT = 131072


#: what is taken off the start of a free-text cell (note, reason, purpose): spaces only, so
#: a tab or line break it starts with is kept as typed ("\t=1" stays "\t=1"); its end loses
#: any blank, as every other cell's does
FREE_TEXT_BLANKS = " \u3000"


def free_text(value: str) -> str:
    """A free-text cell as stored: see `FREE_TEXT_BLANKS`."""
    return value.rstrip().lstrip(FREE_TEXT_BLANKS)


class _Record(NamedTuple):  # a tuple: one is made per row of a large import
    number: int  # the row number the importers use: header 1, then each non-blank record
    line: int  # the file line the record starts on
    fields: list[str]


_new_record = tuple.__new__


def _records(path: Path, text: str) -> list[_Record]:
    """Every non-blank record, strictly: a quote that is never closed, or text after a
    closing quote, is a problem with its row rather than a value swallowing the rows."""
    return list(_iter_records(path, io.StringIO(text, newline="")))


def _iter_records(path: Path, lines: Iterator[str]) -> Iterator[_Record]:
    """`_records` one at a time, from a text stream opened with newline=""."""
    reader = csv.reader(lines, strict=True)
    number = 1
    end = 0  # the file line the last record read ends on
    previous = csv.field_size_limit(FIELD_LIMIT)
    # per row of a large import: a plain for loop, and the record made by tuple's own
    # constructor (a NamedTuple's __new__ is a Python function)
    record = _new_record
    try:
        for fields in reader:
            start, end = end + 1, reader.line_num
            if not fields:
                continue
            yield record(_Record, (number, start, fields))
            number += 1
    except csv.Error as exc:
        raise CsvProblems(
            path, [_structure_problem(number, end + 1, reader.line_num, exc)]
        ) from None
    finally:
        csv.field_size_limit(previous)


def _structure_problem(number: int, start: int, end: int, exc: csv.Error) -> RowProblem:
    text = str(exc)
    where = (
        Message("more.csv.line", line=start)
        if end <= start
        else Message("more.csv.lines", start=start, end=end)
    )
    if "unexpected end of data" in text:
        return RowProblem(
            number,
            Message("more.csv.quote_never_closed", line=start),
        )
    if "field larger than field limit" in text:
        return RowProblem(
            number,
            Message("more.csv.value_too_long", limit=FIELD_LIMIT, where=where),
        )
    if "expected after" in text:
        return RowProblem(
            number,
            Message("more.csv.text_after_quote", where=where),
        )
    return RowProblem(number, Message("more.csv.malformed", where=where, detail=text))


def _decoded_records(path: Path, data: bytes) -> list[_Record]:
    """The records of the file, decoded entirely in one encoding.

    UTF-8 is read first with the undecodable bytes kept aside (surrogateescape), so the
    rows that are not UTF-8 can be named: in a file with a BOM or with other rows of
    non-ASCII UTF-8 they are an error (a CP932 row pasted into a UTF-8 file), never a
    reason to read the whole file as CP932. A file with no valid non-ASCII UTF-8 row is
    CP932. The quote, comma and line break are the same bytes in both, so the rows are too.
    """
    if _utf16(data):
        return _refuse(
            path,
            [
                RowProblem(
                    0,
                    Message("more.csv.utf16"),
                )
            ],
        )
    bom = data.startswith(_BOM)
    body = data[len(_BOM) :] if bom else data
    if utf8_state(body) == "cut":
        return _refuse(path, [cut_in_character(body)])
    records = _records(path, body.decode("utf-8", errors="surrogateescape"))
    bad = [r.number for r in records if any(_escaped(f) for f in r.fields)]
    if not bad:
        return records
    utf8 = [
        r.number for r in records if r.number not in bad and any(not f.isascii() for f in r.fields)
    ]
    if bom or utf8:
        shown = _numbers(bad)
        return _refuse(
            path,
            [
                RowProblem(
                    n,
                    Message("more.csv.mixed_encoding", rows=shown),
                )
                for n in bad[:20]
            ],
        )
    try:
        text = body.decode("cp932")
    except UnicodeDecodeError:
        replaced = _records(path, body.decode("cp932", errors="replace"))
        wrong = [r.number for r in replaced if any("\ufffd" in f for f in r.fields)]
        return _refuse(
            path,
            [RowProblem(n, Message("more.csv.row_neither")) for n in wrong[:20]]
            or [RowProblem(0, Message("more.csv.file_neither"))],
        )
    return _records(path, text)


_CHUNK = 1 << 16


def utf8_state(body: bytes) -> str:
    """Whether `body` is UTF-8: "valid" when all of it is; "cut" when it is but for a last
    character that stops short (a UTF-8 file cut off: never to be read as CP932); else
    "invalid". Checked in pieces, without a second copy of the text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(body)
    try:
        for start in range(0, len(body), _CHUNK):
            decoder.decode(view[start : start + _CHUNK])
    except UnicodeDecodeError:
        return "invalid"
    return "cut" if decoder.getstate()[0] else "valid"


def cut_in_character(body: bytes) -> RowProblem:
    """The problem of a UTF-8 file that ends inside a character: it was cut off."""
    line = body.count(b"\n") + 1
    return RowProblem(0, Message("import8.csv.cut_in_character", line=line))


def ends_open(data: bytes) -> bool:
    """Whether the file's last line has no line end (a file cut off, or written by hand)."""
    return bool(data) and not data.endswith((b"\n", b"\r"))


def short_row(record: _Record, header: list[str], last_open: bool) -> RowProblem | None:
    """The problem of a record with fewer cells than the header names: a row cut short
    (the missing cells are never taken as empty: an empty cell means "default" or "none",
    and would overwrite what is stored). `last_open`: the record is the file's last and
    has no line end, so the file itself was cut off. A row that ends before a column the
    header leaves unnamed lacks nothing."""
    count = len(record.fields)
    missing = [name for name in header[count:] if name]
    if not missing:
        return None
    return RowProblem(
        record.number,
        Message(
            "import8.csv.cut_off" if last_open else "import8.csv.short_row",
            count=count,
            width=len(header),
            missing=", ".join(missing),
            line=record.line,
        ),
    )


def cut_after_comma(record: _Record) -> RowProblem:
    """The problem of a file whose last line ends in a comma with no line end: cut off
    just after a separator, its last cell would be taken as empty."""
    return RowProblem(record.number, Message("import8.csv.cut_after_comma", line=record.line))


def _utf16(data: bytes) -> bool:
    """A UTF-16 file: its byte-order mark, or a NUL in every other byte of its start (no
    UTF-8 or CP932 text has NUL bytes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    start = data[:200]
    return len(start) >= 4 and (
        start[1::2].count(0) > len(start) // 4 or start[0::2].count(0) > len(start) // 4
    )


def _escaped(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _numbers(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")


def _refuse(path: Path, problems: list[RowProblem]) -> list[_Record]:
    raise CsvProblems(path, problems)


def read_rows(
    path: Path, required: list[str], optional: list[str] | None = None
) -> list[dict[str, str]]:
    """The rows as dicts; raises `CsvProblems` for an unreadable file or missing columns.

    With `optional`, the file may have no other columns and no values beyond its header:
    an unknown column (a typo such as `anwser`) or a stray value would otherwise be
    dropped without a word. A column without a name is allowed while it is empty, as Excel
    sometimes writes one.

    Every value is checked for control characters (an escape sequence in a name reaches
    every terminal that lists it); a line break is allowed only in free-text columns
    (note, reason, purpose), and there a line that looks like a whole row says a quote
    was left open."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvProblems(
            path, [RowProblem(0, Message("more.csv.cannot_read", detail=os_error(exc)))]
        ) from exc
    records = _decoded_records(path, data)
    header, problems = header_of(records[0] if records else None, required, optional)
    if problems:
        raise CsvProblems(path, problems)
    body = records[1:]
    # Unnamed columns get a key of their own, so a value in any of them can be found.
    keys = [h or f"{_UNNAMED}{n}" for n, h in enumerate(header, start=1)]
    rows: list[dict[str, str]] = []
    last = body[-1] if body else None
    open_end = ends_open(data)
    for record in body:
        short = short_row(record, header, open_end and record is last)
        if short is not None:
            problems.append(short)
        elif open_end and record is last and data.endswith(b","):
            problems.append(cut_after_comma(record))
        problems += _cell_problems(record, header, len(header))
        fields = record.fields
        row = {k: (fields[i] if i < len(fields) else "").strip() for i, k in enumerate(keys)}
        # A line break inside a note is "\n" whatever the file used: a lone "\r" would
        # not be quoted by a writer whose rows end in "\n", and would split the row.
        # Free text keeps a tab or line break it starts with, as typed.
        for name in MULTILINE_COLUMNS.intersection(row):
            index = keys.index(name)
            row[name] = one_line_break(free_text(fields[index] if index < len(fields) else ""))
        if optional is not None:
            problems += _stray_values(record.number, row, fields[len(keys) :])
        rows.append({k: v for k, v in row.items() if not k.startswith(_UNNAMED)})
    if problems:
        raise CsvProblems(path, problems)
    return rows


def header_of(
    first: _Record | None, required: list[str], optional: list[str] | None
) -> tuple[list[str], list[RowProblem]]:
    """The column names of the first record, and what is wrong with them."""
    header = [h.strip() for h in first.fields] if first is not None else []
    problems: list[RowProblem] = []
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(
            RowProblem(
                1,
                Message(
                    "errors.csv.missing_columns",
                    missing=", ".join(missing),
                    expected=",".join(required),
                ),
            )
        )
    if optional is not None:
        problems += _header_problems(header, required, optional)
    if first is not None:
        problems += _cell_problems(first, header, len(header))
    return header, problems


def _cell_problems(record: _Record, header: list[str], columns: int) -> list[RowProblem]:
    problems: list[RowProblem] = []
    for index, value in enumerate(record.fields):
        name = (
            header[index]
            if index < len(header) and header[index]
            else Message("more.csv.column_number", number=index + 1)
        )
        multiline = name in MULTILINE_COLUMNS
        bad = control_characters(value, multiline=multiline)
        if bad:
            control = not set(bad) <= {"U+000A", "U+000D"}
            problems.append(
                RowProblem(
                    record.number,
                    Message("more.csv.control_in", bad=", ".join(bad), name=name),
                )
                if control
                else RowProblem(
                    record.number,
                    Message("more.csv.line_break_in", name=name, line=record.line),
                )
            )
        elif multiline and columns > 2:
            # A line inside a value with a comma for every column is a row swallowed by a
            # quote left open, not a note.
            swallowed = [ln for ln in value.splitlines()[1:] if ln.count(",") >= columns - 1]
            if swallowed:
                problems.append(
                    RowProblem(
                        record.number,
                        Message(
                            "more.csv.swallowed_rows",
                            name=name,
                            line=record.line,
                            count=len(swallowed),
                        ),
                    )
                )
    return problems


def _header_problems(
    header: list[str], required: list[str], optional: list[str]
) -> list[RowProblem]:
    known = [*required, *optional]
    problems: list[RowProblem] = []
    for name in dict.fromkeys(h for h in header if h):
        if header.count(name) > 1:
            problems.append(
                RowProblem(1, Message("more.csv.column_twice", name=name, count=header.count(name)))
            )
        elif name not in known:
            close = difflib.get_close_matches(name, [k for k in known if k not in header], n=1)
            hint = (
                Message("more.csv.did_you_mean", name=close[0])
                if close
                else Message("more.csv.expected", names=",".join(known))
            )
            problems.append(RowProblem(1, Message("more.csv.unknown_column", name=name, hint=hint)))
    return problems


def _stray_values(number: int, row: dict[str, str], beyond: list[str]) -> list[RowProblem]:
    """Values the header gives no column for: in an unnamed column or past the last one."""
    found = [v for k, v in row.items() if k.startswith(_UNNAMED) and v]
    found += [v.strip() for v in beyond if v.strip()]
    if not found:
        return []
    shown = ", ".join(f"'{v}'" for v in found)
    return [RowProblem(number, Message("more.csv.stray_values", values=shown))]
