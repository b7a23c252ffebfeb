"""A CSV file read one row at a time, with the checks and errors of `csvfile.read_rows`.

A bulk import of 55,000 answers held as dicts of strings took more memory than the rest
of the program; streamed, a row is gone once it is checked. The file is read as bytes
(a few MB) and decoded while it is parsed. What `read_rows` refuses is refused here with
the same message and row, in the same order of precedence: an unreadable file or mixed
encodings before anything (a first pass over the bytes), a broken quote anywhere before a
bad header, a bad header before any row, and a row's bad cells before what the importer
finds wrong with the values (the stream raises them when it ends, so the importer never
reports its own problems while a cell is bad).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from inspector.domain.controls import search_control
from inspector.exchange.cells import MULTILINE_COLUMNS, one_line_break, unescape_formula
from inspector.exchange.csvfile import (
    _BOM,
    _UNNAMED,
    CsvProblems,
    ProblemLog,
    RowProblem,
    _cell_problems,
    _decoded_records,
    _iter_records,
    _Record,
    _stray_values,
    _utf16,
    cut_after_comma,
    ends_open,
    free_text,
    header_of,
    short_row,
    utf8_state,
)
from inspector.i18n import Message, os_error


class RowStream:
    """The rows of `path` as (row number, values of `columns` in that order).

    `optional` as for `read_rows` (None: other columns allowed); `unescape` takes off the
    quote `escape_formula` put before a cell (the answers CSV). Iterate once; `problems`
    holds the bad cells found so far (a row with fewer cells than the header is one), and
    the iteration ends by raising them."""

    def __init__(
        self,
        path: Path,
        required: list[str],
        optional: list[str] | None = None,
        *,
        unescape: bool = False,
    ) -> None:
        self.path = path
        self.required = required
        self.optional = optional
        self.unescape = unescape
        self.problems = ProblemLog()
        self.rows = 0
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CsvProblems(
                path, [RowProblem(0, Message("more.csv.cannot_read", detail=os_error(exc)))]
            ) from exc
        self._body: bytes | None = None
        self._records: list[_Record] | None = None
        body = data[len(_BOM) :] if data.startswith(_BOM) else data
        self._open_end = ends_open(data)
        self._comma_end = self._open_end and data.endswith(b",")
        if not _utf16(data) and utf8_state(body) == "valid":
            self._body = body
        else:
            # CP932, or a file to refuse: the whole-file reader decides, as `read_rows`.
            self._records = _decoded_records(path, data)

    def _source(self) -> Iterator[_Record]:
        if self._records is not None:
            return iter(self._records)
        assert self._body is not None
        text = io.TextIOWrapper(io.BytesIO(self._body), encoding="utf-8", newline="")
        return _iter_records(self.path, text)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        self.problems = problems_log = ProblemLog()
        self.rows = 0
        records = self._source()
        first = next(records, None)
        header, problems = header_of(first, self.required, self.optional)
        if problems:
            for _ in records:  # a broken quote further down is named first, as before
                pass
            raise CsvProblems(self.path, problems)
        keys = [h or f"{_UNNAMED}{n}" for n, h in enumerate(header, start=1)]
        where = {key: index for index, key in enumerate(keys)}
        positions = [where[name] for name in self.required]
        wrapped = [n for n, name in enumerate(self.required) if name in MULTILINE_COLUMNS]
        strict = self.optional is not None
        unnamed = any(k.startswith(_UNNAMED) for k in keys)
        width = len(keys)
        # the usual file: exactly the columns asked for, in their order
        in_order = positions == list(range(width))
        # the last row with fewer cells than the header: (its record, where its problem is)
        short: tuple[_Record, int | None] | None = None
        record: _Record | None = None
        for record in records:
            self.rows += 1
            fields = record.fields
            count = len(fields)
            joined = "".join(fields)
            if count < width and (problem := short_row(record, header, False)) is not None:
                listed = len(problems_log.listed)
                problems_log.add(problem)
                short = (record, listed if len(problems_log.listed) > listed else None)
            if search_control(joined) is not None:
                problems_log.extend(_cell_problems(record, header, width))
            if strict and (unnamed or count > width):
                problems_log.extend(
                    _stray_values(record.number, _as_dict(keys, fields), fields[width:])
                )
            if in_order and count == width:
                values = list(map(str.strip, fields))
            else:
                values = [fields[i].strip() if i < count else "" for i in positions]
            if not joined.isprintable():  # a tab, line break or the like somewhere
                for n in wrapped:  # free text keeps a tab or line break it starts with
                    at = positions[n]
                    if at < count and fields[at][:1].isspace():
                        values[n] = free_text(fields[at])
                if "\r" in joined:  # a line break in free text is "\n" whatever the file had
                    for n in wrapped:
                        if "\r" in values[n]:
                            values[n] = one_line_break(values[n])
            if self.unescape and "'" in joined:
                values = [unescape_formula(v) for v in values]
            yield record.number, values
        if record is not None and self._open_end:
            # the last line has no line end: a short last row is a file cut off
            if short is not None and short[0] is record:
                cut = short_row(record, header, True)
                if short[1] is not None and cut is not None:
                    problems_log.listed[short[1]] = cut
            elif self._comma_end:
                problems_log.add(cut_after_comma(record))
        if problems_log:
            raise problems_log.refusal(self.path)


def _as_dict(keys: list[str], fields: list[str]) -> dict[str, str]:
    return {k: (fields[i] if i < len(fields) else "").strip() for i, k in enumerate(keys)}
