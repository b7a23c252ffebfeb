"""`import-csv` runs with Python's cyclic garbage collector paused (issue 17: its passes
over every object of the program were ~15 % of the import's CPU). That is sound because
the import makes no reference cycles per row: the garbage it leaves for the collector
does not grow with the file. The collector is on again after, also after a refused file."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, import_answers
from inspector.exchange.csvfile import CsvProblems
from inspector.store.imports import ImportWriter
from inspector.store.repository import OrganizationInput, Repository

ANSWERS = ["遵守", "不遵守", "該当なし"]


@pytest.fixture
def collector_on(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on each time the import handed a unit to its writer."""
    seen: list[bool] = []
    add = ImportWriter.add

    def spy(self: ImportWriter, batch: Any) -> None:
        seen.append(gc.isenabled())
        add(self, batch)

    monkeypatch.setattr(ImportWriter, "add", spy)
    return seen


def _file(path: Path, units: int, first: int = 0) -> Path:
    lines = [",".join(COLUMNS)]
    for n in range(first, first + units):
        for k, item in enumerate(("c1", "c2")):
            when = "2025-03-31T10:00:00+09:00"
            lines.append(f"O{n:04d},,,mini,{item},{ANSWERS[(n + k) % 3]},,note {n},{when}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _orgs(repo: Repository, count: int) -> None:
    repo.upsert_organizations(
        [OrganizationInput(f"O{n:04d}", f"所属{n:04d}") for n in range(count)]
    )


def test_the_import_runs_without_collector_passes_and_leaves_no_growing_garbage(
    repo: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path, collector_on: list[bool]
) -> None:
    _orgs(repo, 2200)
    garbage = []
    for units, first, name in ((200, 0, "small.csv"), (2000, 200, "large.csv")):
        gc.collect()
        collector_on.clear()
        report = import_answers(repo, mini_catalog, _file(tmp_path / name, units, first))
        assert report.counts.answers_added == 2 * units
        assert len(collector_on) == units and not any(collector_on)
        assert gc.isenabled()
        garbage.append(gc.collect())
    # cycles made by the import's set-up (statements, the transaction), not by its rows
    assert garbage[1] <= garbage[0] + 10


def test_the_collector_is_on_again_after_a_refused_file(
    repo: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    _orgs(repo, 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(COLUMNS) + "\nO0000,,,mini,c1,たぶん,,,\n", encoding="utf-8")
    with pytest.raises(CsvProblems):
        import_answers(repo, mini_catalog, bad)
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself keeps it paused
    try:
        import_answers(repo, mini_catalog, _file(tmp_path / "good.csv", 1))
        assert not gc.isenabled()
    finally:
        gc.enable()
