"""Eight bundle imports at once into one office database, against one import of all the
same files, on SQLite and (with --db) on PostgreSQL.

    /work/venv/bin/python bench/bench_concurrent_imports.py [--bundles 80] [--workers 8]
        [--db postgresql+psycopg://USER@HOST/EMPTY_DB]

A laptop database of N organisations (each with 10 operators, one completed session per
unit as in bench_consolidate) is exported to N bundles. Then, on a fresh office database:
(1) one process imports all N files (one transaction); (2) the database is emptied and
8 processes import N/8 files each at the same moment (each its own transaction: on SQLite
they wait for each other's write lock, on PostgreSQL they run side by side). The time of (2)
is from the moment all 8 start (their imports done loading) to the last one done. Both
end with the same rows in every table (checked).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_consolidate import build

from inspector.domain.catalog import ChecklistCatalog
from inspector.resources import shipped_checklists_dir
from inspector.store.bulk import clear_tables, row_counts
from inspector.store.database import open_database, shown_url


def export(folder: Path, n: int) -> tuple[Path, list[Path]]:
    from inspector.exchange.bundle import export_bundle, load_encryption_cert
    from inspector.reports.keys import init_office, issue_inspector, load_identity, load_root

    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    keys_dir = folder / "keys"
    init_office(keys_dir, b"bench")
    issue_inspector(keys_dir, "bench", "O00000", b"bench")
    identity = load_identity(keys_dir, "bench", b"bench")
    encryption = load_encryption_cert(keys_dir, load_root(keys_dir))
    laptop = folder / "laptop.db"
    build(laptop, catalog, n, n * 10)
    engine = open_database(f"sqlite:///{laptop}")
    (folder / "bundles").mkdir()
    files = []
    for i in range(n):
        out = folder / "bundles" / f"O{i:05d}.bundle"
        export_bundle(engine, f"O{i:05d}", out, signer=identity, encryption_cert=encryption)
        files.append(out)
    engine.dispose()
    return keys_dir, files


def import_files(url: str, keys_dir: Path, files: list[Path]) -> float:
    from inspector.exchange.bundle import (
        import_bundles,
        load_encryption_cert,
        load_encryption_key,
    )
    from inspector.reports.keys import load_root

    root = load_root(keys_dir)
    engine = open_database(url)
    start = time.perf_counter()
    import_bundles(
        engine,
        files,
        office_cert=root,
        encryption_cert=load_encryption_cert(keys_dir, root),
        encryption_key=load_encryption_key(keys_dir, b"bench"),
        actor="bench",
    )
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def _worker(url: str, keys_dir: Path, files: list[Path], barrier: Any, out: Any) -> None:
    # everything imported and the keys read before the common start
    from inspector.exchange.bundle import import_bundles  # noqa: F401

    barrier.wait()
    try:
        out.put(("ok", import_files(url, keys_dir, files), time.perf_counter()))
    except Exception as exc:  # reported, not hidden: the run fails
        out.put(("error", f"{type(exc).__name__}: {exc}", time.perf_counter()))


def concurrent(url: str, keys_dir: Path, files: list[Path], workers: int) -> tuple[float, list]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers + 1)
    out = context.Queue()
    shares = [files[i::workers] for i in range(workers)]
    processes = [
        context.Process(target=_worker, args=(url, keys_dir, share, barrier, out))
        for share in shares
    ]
    for process in processes:
        process.start()
    barrier.wait()
    start = time.perf_counter()
    results = [out.get() for _ in processes]
    for process in processes:
        process.join()
    errors = [detail for status, detail, _ in results if status != "ok"]
    if errors:
        raise SystemExit("concurrent import failed:\n" + "\n".join(errors))
    wall = max(done for _, _, done in results) - start
    return wall, sorted(elapsed for _, elapsed, _ in results)


def counts(url: str) -> dict[str, int]:
    engine = open_database(url)
    with engine.connect() as connection:
        found = row_counts(connection)
    engine.dispose()
    return found


def run(url: str, label: str, keys_dir: Path, files: list[Path], workers: int) -> list[str]:
    engine = open_database(url)
    clear_tables(engine)
    engine.dispose()
    one = import_files(url, keys_dir, files)
    after_one = counts(url)
    engine = open_database(url)
    clear_tables(engine)
    engine.dispose()
    wall, each = concurrent(url, keys_dir, files, workers)
    after_many = counts(url)
    assert after_many == after_one, (after_one, after_many)
    return [
        f"| {label} | {len(files)} | {after_one['answer']:,} | {one:.2f} s | {wall:.2f} s | "
        f"{wall / one:.2f}x | {each[0]:.2f}–{each[-1]:.2f} s |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=80)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--db", metavar="URL", help="also on this empty PostgreSQL database")
    args = parser.parse_args()
    lines = [
        f"{args.workers} concurrent imports vs one import of all the files",
        "",
        "| database | bundles | answers | one import of all | "
        f"{args.workers} at once (wall) | ratio | each of the {args.workers} |",
        "|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        keys_dir, files = export(folder, args.bundles)
        lines += run(f"sqlite:///{folder / 'office.db'}", "SQLite", keys_dir, files, args.workers)
        if args.db:
            label = f"PostgreSQL ({shown_url(args.db)})"
            lines += run(args.db, label, keys_dir, files, args.workers)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
