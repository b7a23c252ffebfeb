"""Collecting Excel self-check forms (issue 15) beside only reading the same files with
openpyxl, in the same run.

    .venv/bin/python bench/bench_collect.py [--repeat 3]

150 department workbooks (juki-department, 57 items) and 11 roster workbooks covering
1,600 operators (juki-operator, 29 items, each with its 要因 and 備考 columns), distributed with `selfcheck distribute` and
filled with openpyxl. Baseline: `openpyxl.load_workbook(read_only=True)` and every cell of
every sheet read. Inspector: `selfcheck collect` (read, check every cell against the form
handed out, one transaction per file through the import-csv write). Each collect runs on
a fresh copy of the database; median of the repeats, interleaved with the baseline.
Goal: within 2x of reading, and under 15 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from inspector.config import load_settings
from inspector.context import AppContext
from inspector.domain.model import PersonStatus, StaffType
from inspector.exchange.workbooks.layout import (
    FIRST_ROW,
    ROSTER_FIRST_ITEM_COLUMN,
    ROSTER_PARTS,
    SHEET_ANSWERS,
)
from inspector.services import selfcheck_excel
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, PersonInput, Repository

SITES = 150
ROSTER_SITES = 11
OPERATORS = 1_600


def build(folder: Path) -> tuple[Path, list[Path]]:
    db = folder / "bench.db"
    engine = open_database(f"sqlite:///{db}")
    repo = Repository(engine)
    repo.upsert_organizations(
        [
            OrganizationInput(f"{n:03d}", f"課{n:03d}", None, ("juki_terminal",))
            for n in range(SITES)
        ]
    )
    types = list(StaffType)
    repo.upsert_people(
        [
            PersonInput(
                f"P{p:05d}",
                f"職員{p:05d}",
                f"{p % ROSTER_SITES:03d}",
                types[p % 4],
                PersonStatus.ACTIVE,
            )
            for p in range(OPERATORS)
        ]
    )
    engine.dispose()
    context = AppContext(load_settings(db=str(db)))
    forms = folder / "forms"
    forms.mkdir()
    departments = selfcheck_excel.distribute(context, "juki-department", (), forms / "d")
    codes = [f"{n:03d}" for n in range(ROSTER_SITES)]
    rosters = selfcheck_excel.distribute(context, "juki-operator", codes, forms / "r")
    context.close()
    for index, path in enumerate(departments):
        wb = load_workbook(path)
        ws = wb[SHEET_ANSWERS]
        for row in range(FIRST_ROW, ws.max_row + 1):
            ws.cell(row=row, column=5).value = "不遵守" if (row + index) % 7 == 0 else "遵守"
            if (row + index) % 7 == 0:
                ws.cell(row=row, column=6).value = "繁忙のため; 規程を知らなかった"
        wb.save(path)
    for path in rosters:
        wb = load_workbook(path)
        ws = wb[SHEET_ANSWERS]
        for row in range(FIRST_ROW, ws.max_row + 1):
            # each item's answer, 要因 and 備考 columns: a reason and a note on a 不遵守
            for column in range(ROSTER_FIRST_ITEM_COLUMN, ws.max_column + 1, len(ROSTER_PARTS)):
                broken = (row * column) % 11 == 0
                ws.cell(row=row, column=column).value = "不遵守" if broken else "遵守"
                if broken:
                    ws.cell(row=row, column=column + 1).value = "窓口混雑時; 交代要員不在"
                    ws.cell(row=row, column=column + 2).value = "4月に改善予定"
        wb.save(path)
    return db, [*departments, *rosters]


def read_only(files: list[Path]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    cells = 0
    for path in files:
        wb = load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "value", None) is not None:
                        cells += 1
        wb.close()
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    assert cells
    return elapsed, used


def collect(db: Path, files: list[Path], folder: Path, run: int) -> tuple[float, float]:
    copy = folder / f"run{run}.db"
    shutil.copyfile(db, copy)
    context = AppContext(load_settings(db=str(copy)))
    _ = context.repo  # opened (and migrated) before the clock starts
    start, cpu = time.perf_counter(), time.process_time()
    receipts = selfcheck_excel.collect(context, files)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    context.close()
    refused = [r for r in receipts if not r.imported]
    assert not refused, refused[0].problems[:3]
    assert sum(r.counts.answers_added for r in receipts) == SITES * 57 + OPERATORS * 29
    return elapsed, used


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.setdefault("INSPECTOR_CONFIG", str(folder / "none.toml"))
        t0 = time.perf_counter()
        db, files = build(folder)
        print(f"built {len(files)} workbooks in {time.perf_counter() - t0:.1f} s")
        reads, collects = [], []
        for run in range(args.repeat):
            reads.append(read_only(files))
            collects.append(collect(db, files, folder, run))
            print(
                f"run {run}: read {reads[-1][0]:.2f} s (CPU {reads[-1][1]:.2f} s), "
                f"collect {collects[-1][0]:.2f} s (CPU {collects[-1][1]:.2f} s)"
            )
        # wall clock and the process's CPU time: on a shared machine the load stretches
        # the wall clock, the CPU time is the work done
        for index, what in ((0, "wall"), (1, "CPU")):
            read = statistics.median(r[index] for r in reads)
            coll = statistics.median(c[index] for c in collects)
            print(
                f"median {what}: read {read:.2f} s, collect {coll:.2f} s, ratio {coll / read:.2f}x"
            )


if __name__ == "__main__":
    main()
