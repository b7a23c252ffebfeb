"""What `import-csv` does per row, kept small (import margin 7): whether a bad cell was
found is read from the stream's count of problems (no Python call per row, as the log's
truth is), and the control-character search of each row stays the check it was: a control
character beyond the Basic Multilingual Plane, a Hangul filler or ESC is refused with its
row and column, and after a bad cell the values are not checked."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, export_answers, import_answers
from inspector.exchange.csvfile import CsvProblems, ProblemLog
from inspector.i18n import Translator
from inspector.store.repository import OrganizationInput, Repository
from tests.exchange._legacy_import import legacy_import_answers

ANSWERS = ["遵守", "不遵守", "該当なし"]
CANONICAL = {"遵守": "compliant", "不遵守": "noncompliant", "該当なし": "not_applicable"}


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def _rows(units: int) -> list[list[str]]:
    return [
        [f"O{n:04d}", "", "", "mini", item, ANSWERS[(n + k) % 3], "", "", "2025-03-31"]
        for n in range(units)
        for k, item in enumerate(("c1", "c2"))
    ]


def _organizations(repo: Repository, units: int) -> None:
    repo.upsert_organizations(
        [OrganizationInput(f"O{n:04d}", f"所属{n:04d}") for n in range(units)]
    )


def test_the_problems_are_not_asked_for_their_truth_per_row(
    repo: Repository,
    mini_catalog: ChecklistCatalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    units = 200
    _organizations(repo, units)
    rows = _rows(units)
    _write(tmp_path / "answers.csv", rows)
    asked = 0
    real_bool = ProblemLog.__bool__

    def counted(self: ProblemLog) -> bool:
        nonlocal asked
        asked += 1
        return real_bool(self)

    monkeypatch.setattr(ProblemLog, "__bool__", counted)
    report = import_answers(repo, mini_catalog, tmp_path / "answers.csv")
    assert report.rows == report.counts.answers_added == 2 * units
    assert asked <= 5, asked  # at the end of the file, not once per row (main: 400 more)
    monkeypatch.setattr(ProblemLog, "__bool__", real_bool)
    exported = list(csv.reader(io.StringIO(export_answers(repo, mini_catalog))))[1:]
    got = sorted((r[0], r[4], r[5]) for r in exported)
    assert got == sorted((r[0], r[4], CANONICAL[r[5]]) for r in rows)


@pytest.mark.parametrize(
    ("column", "character"),
    [(7, "\U000e0041"), (6, "\u3164"), (0, "\x1b"), (7, "\u2800"), (4, "\U0001d173")],
)
def test_a_control_character_is_refused_alone_with_its_row_and_nothing_written(
    repo: Repository,
    mini_catalog: ChecklistCatalog,
    tmp_path: Path,
    column: int,
    character: str,
) -> None:
    _organizations(repo, 3)
    rows = _rows(3)
    rows[2][column] = f"{rows[2][column]}{character}x"
    rows[4][4] = "no-such-item"  # a bad value after a bad cell: not checked, not reported
    _write(tmp_path / "answers.csv", rows)
    with pytest.raises(CsvProblems) as refused:
        import_answers(repo, mini_catalog, tmp_path / "answers.csv")
    (problem,) = refused.value.problems
    assert problem.row == 4  # the header is row 1
    assert f"U+{ord(character):04X}" in str(problem) and COLUMNS[column] in str(problem)
    assert export_answers(repo, mini_catalog).count("\n") <= 1  # the header alone


def test_characters_beyond_the_plane_that_are_no_controls_are_imported(
    repo: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    _organizations(repo, 1)
    rows = _rows(1)
    rows[0][7] = "𠮷野家の\U0001f600メモ"  # a kanji and an emoji beyond the plane
    _write(tmp_path / "answers.csv", rows)
    report = import_answers(repo, mini_catalog, tmp_path / "answers.csv")
    assert report.counts.answers_added == 2
    assert "𠮷野家の\U0001f600メモ" in export_answers(repo, mini_catalog)


def _counted_items(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The item ids looked up in a checklist's items, one entry per look-up."""
    from inspector.exchange import answers_import

    asked: list[str] = []

    class Items(dict):  # type: ignore[type-arg]
        def get(self, key: Any, default: Any = None) -> Any:
            asked.append(key)
            return super().get(key, default)

    real_init = answers_import._ChecklistLookup.__init__

    def init(self: Any, checklist: Any) -> None:
        real_init(self, checklist)
        self.items = Items(self.items)

    monkeypatch.setattr(answers_import._ChecklistLookup, "__init__", init)
    return asked


def test_the_cells_of_a_row_seen_before_are_checked_once(
    repo: Repository,
    mini_catalog: ChecklistCatalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    units = 200
    _organizations(repo, units)
    rows = _rows(units)  # 400 rows, six distinct (item, answer) cells
    rows[7][7] = "備考あり"  # a row with a note: checked as it is, note kept
    _write(tmp_path / "answers.csv", rows)
    asked = _counted_items(monkeypatch)
    report = import_answers(repo, mini_catalog, tmp_path / "answers.csv")
    assert report.counts.answers_added == 2 * units
    assert len(asked) <= 10, len(asked)  # main: 400
    exported = list(csv.reader(io.StringIO(export_answers(repo, mini_catalog))))[1:]
    got = sorted((r[0], r[4], r[5], r[7]) for r in exported)
    assert got == sorted((r[0], r[4], CANONICAL[r[5]], r[7]) for r in rows)


def test_a_row_repeating_good_cells_is_still_refused_for_its_unit_as_before(
    repo: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    _organizations(repo, 3)
    good = ["O0000", "", "", "mini", "c1", "遵守", "", "", "2025-03-31"]
    empty = ["O0001", "", "", "mini", "c2", "", "", "", "2025-03-31"]
    rows = [
        good,
        [*good[:3], *good[3:]],  # the same unit and cells again: answered twice (row 2)
        ["O9999", *good[1:]],  # an unknown organization, the cells seen before
        ["", *good[1:]],  # no organization
        ["O0001", "P001", *good[2:]],  # a respondent for an organization's checklist
        empty,
        ["O0002", *empty[1:]],
        ["O0000", "", "", "mini", "c1", "遵守", "", "メモ", "2025-03-31"],  # twice, with a note
    ]
    _write(tmp_path / "answers.csv", rows)
    problems = []
    for run in (import_answers, legacy_import_answers):
        with pytest.raises(CsvProblems) as info:
            run(repo, mini_catalog, tmp_path / "answers.csv")
        problems.append([p.render_in(Translator("en")) for p in info.value.problems])
    assert problems[0] == problems[1]
    assert [p.split(":")[0] for p in problems[0]] == [f"row {n}" for n in (3, 4, 5, 6, 9)]
    assert export_answers(repo, mini_catalog).count("\n") <= 1  # nothing written
    # without the bad rows: the empty answers import nothing, the rest as given
    _write(tmp_path / "good.csv", [good, empty, ["O0002", *empty[1:]], ["O0002", *good[1:]]])
    report = import_answers(repo, mini_catalog, tmp_path / "good.csv")
    assert report.counts.answers_added == 2


def test_the_answers_kept_until_the_write_hold_the_checklists_item_ids(
    repo: Repository,
    mini_catalog: ChecklistCatalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not each row's own copy of the id: 55,000 of them held until the write were 3 MB."""
    from inspector.store.imports import ImportWriter

    units = 50
    _organizations(repo, units)
    _write(tmp_path / "answers.csv", _rows(units))
    ids = {item.id: item.id for item in mini_catalog.get("mini").items}
    keys: list[str] = []
    real_add = ImportWriter.add

    def add(self: ImportWriter, batch: Any) -> None:
        keys.extend(batch.answers)
        real_add(self, batch)

    monkeypatch.setattr(ImportWriter, "add", add)
    import_answers(repo, mini_catalog, tmp_path / "answers.csv")
    assert len(keys) == 2 * units
    assert all(key is ids[key] for key in keys)
