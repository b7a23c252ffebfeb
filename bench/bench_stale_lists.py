"""Bench: `inspector sessions list` over sessions whose counters are not stored (NULL, as a
writer without the checklist leaves them, or counted with an edited checklist).

Builds bench_import's database (1,750 sessions, 54,950 answers), sets every session's
counters to NULL on a copy, and runs `sessions list` three times in a row on it, each a
fresh process: the first list counts every session from its answers; with the write-back
it also stores the counters, and the next lists read them. With `--before CHECKOUT` the
same is run with that checkout's code first (e.g. `git archive main | tar -x -C DIR`),
interleaved, `--rounds` times. Wall and CPU (user + system) of each list.

Usage: python bench/bench_stale_lists.py [--before DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NULLS = (
    "UPDATE inspection_session SET answered_count = NULL, applicable_count = NULL,"
    " broken_count = NULL, not_applicable_count = NULL, counted_with = NULL"
)


def build(folder: Path) -> Path:
    sys.path.insert(0, str(HERE))
    import bench_import

    from inspector.domain.catalog import ChecklistCatalog
    from inspector.exchange.answers_csv import import_answers
    from inspector.exchange.rosters import import_organizations, import_people
    from inspector.resources import shipped_checklists_dir
    from inspector.store.database import open_database
    from inspector.store.repository import Repository

    bench_import.make_files(folder)
    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    db = folder / "lists.db"
    repo = Repository(open_database(f"sqlite:///{db}"))
    import_organizations(repo, folder / "orgs.csv")
    import_people(repo, folder / "people.csv")
    import_answers(repo, catalog, folder / "answers.csv")
    repo.engine.dispose()
    return db


def one_list(code: Path, db: Path) -> tuple[float, float, int]:
    env = dict(os.environ, PYTHONPATH=str(code))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "inspector", "--db", str(db), "sessions", "list"],
        env=env,
        cwd=code,  # `-m` puts the working folder first on the path
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, len(out.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    codes = [("this checkout", HERE.parent)]
    if args.before is not None:
        codes.insert(0, ("before", args.before.resolve()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = build(folder)
        print("| round | code | list 1 (counts) | list 2 | list 3 | lines |")
        print("|---|---|---|---|---|---|")
        for round_ in range(1, args.rounds + 1):
            for name, code in codes:
                db = folder / "copy.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                shutil.copy(source, db)
                with sqlite3.connect(db) as conn:
                    conn.execute(NULLS)
                conn.close()
                runs = [one_list(code, db) for _ in range(3)]
                cells = " | ".join(f"{w:.2f} s / {c:.2f} s CPU" for w, c, _ in runs)
                print(f"| {round_} | {name} | {cells} | {runs[0][2]} |")


if __name__ == "__main__":
    main()
