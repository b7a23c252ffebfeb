"""Property: any answers CSV (quotes, line breaks, encodings, BOMs, column orders, extra
or missing columns, formula-like and control characters, stray quotes) is either refused
with row numbers and the database unchanged, or imported so that export-csv then
import-csv again changes nothing and exports the same text."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, export_answers, import_answers
from inspector.exchange.csvfile import CsvProblems
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository

pytestmark = pytest.mark.sqlite_only(
    "many generated files against copies of one SQLite file (the CSV rules are the same on both)"
)

# Characters that stress quoting, splitting, escaping and decoding; all encodable in CP932.
_PLAIN = list("ab 点検済み,;\"'\n\r\t=+-@ｶ")
_TEXT = st.text(alphabet=st.sampled_from(_PLAIN), max_size=12)
_LINE = st.text(alphabet=st.sampled_from([c for c in _PLAIN if c not in "\n\r\t"]), max_size=12)
# now and then a control character, which must be refused
_ANY_TEXT = st.tuples(_TEXT, st.integers(0, 15)).map(
    lambda pair: pair[0] + ("\x1b[2J" if pair[1] == 0 else "")
)
_VALID = {
    "c1": ["遵守", "×", "compliant", "not_applicable", "○"],
    "c2": ["不遵守", "該当なし", ""],
    "y1": ["はい", "no"],
    "ch": ["毎週", "daily"],
    "n1": ["12345678901234567890", "0.50", "1e3", "１２", "3"],
}
_TIMES = ["", "2025-03-31T10:00:00+09:00", "2025/03/31 10:05"]
_BAD_TIMES = ["0001-01-01", "2999-01-01", "9999-12-31T23:59:59-12:00", "soon"]


@st.composite
def _answer(draw: st.DrawFn, item: str) -> str:
    if draw(st.integers(0, 9)) == 0:  # sometimes anything at all
        return draw(_ANY_TEXT)
    if item == "tx":
        return draw(_LINE)
    return draw(st.sampled_from(_VALID.get(item, ["x"])))


@st.composite
def answers_file(draw: st.DrawFn) -> bytes:
    columns = list(COLUMNS)
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    shape = draw(st.sampled_from(["exact"] * 12 + ["extra", "missing"]))
    if shape == "extra":
        columns.insert(draw(st.integers(0, len(columns))), "comment")
    elif shape == "missing":
        columns.remove(draw(st.sampled_from(COLUMNS)))
    units = st.tuples(
        st.sampled_from(["GEN", "TAX"] * 4 + ["=GEN"]),
        st.sampled_from([*_VALID, "tx"] * 3 + ["zz"]),
    )
    rows = []
    # one answer per organization and item ("answered twice" is a problem of its own)
    for org, item in draw(st.lists(units, max_size=6, unique=True)):
        cell = {
            "organization": org,
            "respondent": "",
            "staff_type": "",
            "checklist": "mini",
            "item": item,
            "answer": draw(_answer(item)),
            "reason": draw(_ANY_TEXT),
            "note": draw(_ANY_TEXT),
            "answered_at": draw(st.sampled_from(_TIMES * 12 + _BAD_TIMES)),
            "comment": draw(_TEXT),
        }
        rows.append([cell[c] for c in columns])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(columns)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.integers(0, 5)) == 0:  # a stray quote somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932"]))
    return text.encode(encoding)


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "inspector.db"
    engine = open_database(f"sqlite:///{path}")
    Repository(engine).upsert_organizations(
        [
            OrganizationInput("D1", "市民部"),
            OrganizationInput("GEN", "総務課", "D1"),
            OrganizationInput("TAX", "税務課", "D1"),
        ]
    )
    engine.dispose()
    return path


@settings(
    max_examples=int(os.environ.get("CSV_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=answers_file())
def test_import_refuses_with_rows_or_round_trips(
    template: Path, mini_catalog: ChecklistCatalog, data: bytes
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="csv-property-"))
    try:
        db = folder / "inspector.db"
        shutil.copyfile(template, db)
        source = folder / "in.csv"
        source.write_bytes(data)
        engine = open_database(f"sqlite:///{db}")
        repo = Repository(engine)
        try:
            before = _dump(db)
            try:
                import_answers(repo, mini_catalog, source)
            except CsvProblems as exc:
                event("refused: " + exc.problems[0].message[:25])
                assert exc.problems
                assert all(p.row >= 1 for p in exc.problems), exc
                assert _dump(db) == before
                return
            event("imported")
            first = export_answers(repo, mini_catalog)
            exported = folder / "export.csv"
            exported.write_text("\ufeff" + first, encoding="utf-8", newline="")
            after_first = _dump(db)
            report = import_answers(repo, mini_catalog, exported)
            assert report.counts.answers_added == report.counts.answers_updated == 0
            assert report.counts.sessions_added == 0
            assert _dump(db) == after_first
            assert export_answers(repo, mini_catalog) == first
        finally:
            engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
