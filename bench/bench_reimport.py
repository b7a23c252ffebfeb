"""Bench: `import-csv` of a file into a database that already holds its answers (the path
that compares each row with the stored answer, and its `answered_at`): the same file again
(every answer unchanged) and an older file with other answers (every row older than the
stored one: skipped since branch data4; applied, reverting, before it).

Each side runs in a fresh child process, interleaved with bench_import's sqlite3 baseline;
the figure is the ratio of each to the baseline (wall and CPU), so that a run on main's code
(`PYTHONPATH=<git archive of main>`) and one on this branch's compare on a loaded machine.
Usage: python bench/bench_reimport.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_import  # the same files and baseline


def older_copy(folder: Path) -> Path:
    """The answers file a month earlier, each answer another one."""
    flip = {"遵守": "該当なし", "不遵守": "遵守", "該当なし": "遵守"}
    lines = (folder / "answers.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[5] = flip[cells[5]]
        cells[8] = cells[8].replace("2025-03-31", "2025-02-28")
        out.append(",".join(cells))
    path = folder / "older.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def run_again(folder: Path, which: str) -> tuple[float, float]:
    from inspector.domain.catalog import ChecklistCatalog
    from inspector.exchange.answers_csv import import_answers
    from inspector.exchange.rosters import import_organizations, import_people
    from inspector.resources import shipped_checklists_dir
    from inspector.store.database import open_database
    from inspector.store.repository import Repository

    db = folder / f"again-{which}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    repo = Repository(open_database(f"sqlite:///{db}"))
    import_organizations(repo, folder / "orgs.csv")
    import_people(repo, folder / "people.csv")
    import_answers(repo, catalog, folder / "answers.csv")
    second = folder / ("answers.csv" if which == "same" else "older.csv")
    start, cpu = time.perf_counter(), time.process_time()
    import_answers(repo, catalog, second)
    return time.perf_counter() - start, time.process_time() - cpu


def child(kind: str, folder: str) -> None:
    path = Path(folder)
    if kind == "baseline":
        seconds, cpu = bench_import.run_baseline(path)
    else:
        seconds, cpu = run_again(path, kind)
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
        bench_import.make_files(folder)
        older_copy(folder)
        runs: dict[str, list[dict[str, float]]] = {"baseline": [], "same": [], "older": []}
        for _ in range(args.repeat):  # interleaved: all see the same machine load
            for kind in runs:
                runs[kind].append(measure(kind, folder))
    base = statistics.median(r["seconds"] for r in runs["baseline"])
    base_cpu = statistics.median(r["cpu"] for r in runs["baseline"])
    print(f"median of {args.repeat}; the second import of 54,950 rows")
    print("| run | seconds | CPU s | ratio wall | ratio CPU |")
    print("|---|---|---|---|---|")
    for kind, label in (
        ("baseline", "sqlite3 executemany (baseline)"),
        ("same", "the same file again (all unchanged)"),
        ("older", "an older file (all older)"),
    ):
        s = statistics.median(r["seconds"] for r in runs[kind])
        c = statistics.median(r["cpu"] for r in runs[kind])
        print(f"| {label} | {s:.3f} | {c:.3f} | {s / base:.1f}x | {c / base_cpu:.1f}x |")


if __name__ == "__main__":
    main()
