"""Bench: CSV import of 150 organisations x 57 items and 1,600 operators x 29 items.

Runs, in the same process run and on the same machine:
  baseline  a plain sqlite3 executemany of the same answer rows into one table
  inspector `import-csv`'s code path (parse, validate every row, one transaction, change log)
Each runs in a fresh child process so that its peak memory (max RSS) is its own.
The figure is the ratio inspector / baseline, of the wall time and, since the machine is
shared, of the CPU time the process spent on it (the baseline's work is its own CPU, the
import's also SQLite's, which runs in the process). Peak RSS is the child's whole life:
imports, catalogue, rosters and the import.
Usage: python bench/bench_import.py [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORGS = 150
OPERATORS = 1600
ANSWERS = ["遵守"] * 8 + ["不遵守", "該当なし"]


def make_files(folder: Path) -> dict[str, Path]:
    from inspector.domain.catalog import ChecklistCatalog
    from inspector.resources import shipped_checklists_dir

    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    department = catalog.get("juki-department")
    operator = catalog.get("juki-operator")
    orgs = folder / "orgs.csv"
    people = folder / "people.csv"
    answers = folder / "answers.csv"
    with orgs.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "parent", "tags"])
        for n in range(ORGS):
            w.writerow([f"O{n:04d}", f"所属{n:04d}", "", ""])
    with people.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["staff_number", "name", "organization", "staff_type", "status"])
        for n in range(OPERATORS):
            w.writerow([f"P{n:05d}", f"職員{n:05d}", f"O{n % ORGS:04d}", "職員", "active"])
    rows = 0
    with answers.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "organization",
                "respondent",
                "staff_type",
                "checklist",
                "item",
                "answer",
                "reason",
                "note",
                "answered_at",
            ]
        )
        for n in range(ORGS):
            for k, item in enumerate(department.items):
                w.writerow(
                    [
                        f"O{n:04d}",
                        "",
                        "",
                        department.id,
                        item.id,
                        ANSWERS[(n + k) % 10],
                        "",
                        "",
                        "2025-03-31T10:00:00+09:00",
                    ]
                )
                rows += 1
        for n in range(OPERATORS):
            for k, item in enumerate(operator.items):
                w.writerow(
                    [
                        f"O{n % ORGS:04d}",
                        f"P{n:05d}",
                        "regular",
                        operator.id,
                        item.id,
                        ANSWERS[(n * 3 + k) % 10],
                        "",
                        "",
                        "2025-03-31T10:00:00+09:00",
                    ]
                )
                rows += 1
    return {"orgs": orgs, "people": people, "answers": answers, "rows": Path(str(rows))}


def run_baseline(folder: Path) -> tuple[float, float]:
    db = folder / "baseline.db"
    db.unlink(missing_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    with (folder / "answers.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    conn = sqlite3.connect(db)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=full")
    conn.execute(
        "create table answer (organization text, respondent text, staff_type text, checklist text, item text,"
        " answer text, reason text, note text, answered_at text)"
    )
    with conn:
        conn.executemany("insert into answer values (?,?,?,?,?,?,?,?,?)", rows)
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def run_inspector(folder: Path) -> tuple[float, float]:
    from inspector.domain.catalog import ChecklistCatalog
    from inspector.exchange.answers_csv import import_answers
    from inspector.exchange.rosters import import_organizations, import_people
    from inspector.resources import shipped_checklists_dir
    from inspector.store.database import open_database
    from inspector.store.repository import Repository

    db = folder / "inspector.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    repo = Repository(open_database(f"sqlite:///{db}"))
    import_organizations(repo, folder / "orgs.csv")
    import_people(repo, folder / "people.csv")
    start, cpu = time.perf_counter(), time.process_time()
    report = import_answers(repo, catalog, folder / "answers.csv")
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    assert report.counts.answers_added == report.rows, report
    return elapsed, used


def child(kind: str, folder: str) -> None:
    path = Path(folder)
    seconds, cpu = run_baseline(path) if kind == "baseline" else run_inspector(path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))


def measure(kind: str, folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(folder)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_files(folder)
        rows = int(str(files["rows"]))
        base, insp = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            base.append(measure("baseline", folder))
            insp.append(measure("inspector", folder))
    b = statistics.median(r["seconds"] for r in base)
    i = statistics.median(r["seconds"] for r in insp)
    bc = statistics.median(r["cpu"] for r in base)
    ic = statistics.median(r["cpu"] for r in insp)
    print(
        f"rows: {rows} ({ORGS} organisations x 57 + {OPERATORS} operators x 29), median of {args.repeat}"
    )
    print("| run | seconds | CPU s | rows/s | peak RSS MB |")
    print("|---|---|---|---|---|")
    print(
        f"| sqlite3 executemany (baseline) | {b:.3f} | {bc:.3f} | {rows / b:,.0f} | {max(r['peak_mb'] for r in base):.0f} |"
    )
    print(
        f"| inspector import-csv | {i:.3f} | {ic:.3f} | {rows / i:,.0f} | {max(r['peak_mb'] for r in insp):.0f} |"
    )
    print(f"| ratio inspector / baseline | {i / b:.1f}x | {ic / bc:.1f}x | | |")


if __name__ == "__main__":
    main()
