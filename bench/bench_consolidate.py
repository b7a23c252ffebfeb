"""Consolidation at the scale of a city and of a prefecture, beside a hand-written sqlite3
GROUP BY over the same file in the same run; and the import of 150 bundles.

    /work/venv/bin/python bench/bench_consolidate.py [--skip-prefecture] [--skip-bundles]
    /work/venv/bin/python bench/bench_consolidate.py --db postgresql+psycopg://USER@HOST/EMPTY_DB
    /work/venv/bin/python bench/bench_consolidate.py --lists /tmp/prefecture.db [--runs 5]

With --db (an empty database on a PostgreSQL server, e.g. made by `createdb`): the
prefecture is built in a SQLite file as below, moved into that database with
`inspector db copy` (timed: the copy and its per-table digests), and consolidated there
beside the same hand-written GROUP BY sent to the same server with psycopg.

(a) city: 150 organisations x 57 items (juki-department) and 1,600 operators x 29 items
    (juki-operator); goal: under 0.3 s each.
(b) prefecture: 2,000 organisations x 57 items and 50,000 operators x 29 items;
    goal: under 5 s and within 2x of the hand-written query; peak memory under 500 MB.
(lists) with --lists: on (b), `inspector sessions list` and its filters and the home
    screen with its list, beside a hand-written sqlite3 query over the same file
    (bench/bench_lists.py); goals: the list < 2 s, filters < 0.3 s, home < 1 s.
Every unit has one completed session; 5 % also have an older completed one and 5 % a
newer open one, so the latest-completed selection has work to do.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import summarize, tally_units
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repositories.consolidation import ConsolidationRepository
from inspector.store.session_counters import refresh_session_counters

NOW = datetime(2025, 3, 31, 1, 0, tzinfo=UTC)


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def build(path: Path, catalog: ChecklistCatalog, orgs: int, operators: int) -> None:
    """Fill a migrated database with plain sqlite3 executemany (fast, low memory)."""
    engine = open_database(f"sqlite:///{path}")
    engine.dispose()
    rng = random.Random(1)
    department = catalog.get("juki-department")
    operator = catalog.get("juki-operator")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.executemany(
        "INSERT INTO organization (id, code, name, parent_id, tags) VALUES (?, ?, ?, NULL, ?)",
        ((i + 1, f"O{i:05d}", f"所属{i}", '["juki_terminal"]') for i in range(orgs)),
    )
    conn.executemany(
        "INSERT INTO person (id, staff_number, name, organization_id, staff_type, status) "
        "VALUES (?, ?, ?, ?, ?, 'active')",
        (
            (
                p + 1,
                f"P{p:06d}",
                f"職員{p}",
                p % orgs + 1,
                ("regular", "regular", "regular", "part_time", "temporary", "dispatched")[p % 6],
            )
            for p in range(operators)
        ),
    )
    session_id = 0
    # per item, a fixed break rate so the distribution spreads over the buckets
    rates = {
        cl.id: {i.id: rng.choice([0, 0, 0.002, 0.01, 0.03, 0.08, 0.3]) for i in cl.items}
        for cl in (department, operator)
    }

    def sessions() -> Iterator[tuple[Any, ...]]:
        nonlocal session_id
        for checklist, units in ((department, orgs), (operator, operators)):
            person = checklist.id == "juki-operator"
            for u in range(units):
                org = (u % orgs + 1) if person else u + 1
                respondent = u + 1 if person else None
                kinds = ["completed"]
                roll = rng.random()
                if roll < 0.05:
                    kinds = ["old", "completed"]
                elif roll < 0.10:
                    kinds = ["completed", "open"]
                for kind in kinds:
                    session_id += 1
                    day = {"old": date(2024, 3, 1), "completed": date(2025, 3, 1)}.get(
                        kind, date(2025, 3, 20)
                    )
                    yield (
                        session_id,
                        str(uuid.UUID(int=rng.getrandbits(128))),
                        checklist.id,
                        checklist.version,
                        org,
                        respondent,
                        "operator" if person else "head",
                        "self_check",
                        day.isoformat(),
                        "open" if kind == "open" else "completed",
                        "local",
                        _ts(NOW),
                        None if kind == "open" else _ts(NOW),
                        0,
                    )

    session_rows = list(sessions())
    conn.executemany(
        "INSERT INTO inspection_session (id, uid, checklist_id, checklist_version, "
        "organization_id, respondent_id, role, kind, session_date, status, source, created_at, "
        "completed_at, not_independent) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        session_rows,
    )
    checklists = {department.id: department, operator.id: operator}

    def answers() -> Iterator[tuple[Any, ...]]:
        stamp = _ts(NOW)
        for sid, _uid, cid, *_rest in session_rows:
            checklist = checklists[cid]
            for item in checklist.items:
                roll = rng.random()
                if roll < rates[cid][item.id]:
                    reason = item.reasons[0].id if item.reasons else ""
                    yield (
                        sid,
                        item.id,
                        "noncompliant",
                        json.dumps([reason]) if reason else "[]",
                        "",
                        "bench",
                        stamp,
                    )
                elif roll > 0.97:
                    yield (sid, item.id, "not_applicable", "[]", "", "bench", stamp)
                else:
                    yield (sid, item.id, "compliant", "[]", "", "bench", stamp)

    conn.executemany(
        "INSERT INTO answer (session_id, item_id, value, reasons, reason_text, note, evidence, "
        "answered_by, answered_at) VALUES (?, ?, ?, ?, ?, '', '[]', ?, ?)",
        answers(),
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    # the session counters (migration 0013), as the store keeps them (and the backfill counts)
    engine = open_database(f"sqlite:///{path}")
    with engine.begin() as connection:
        refresh_session_counters(connection, range(1, session_id + 1), catalog.lookup)
    engine.dispose()


HAND_WRITTEN = """
WITH ranked AS (
    SELECT s.id AS sid,
           ROW_NUMBER() OVER (PARTITION BY {unit}
                              ORDER BY s.session_date DESC, s.created_at DESC, s.id DESC) AS rn
    FROM inspection_session s
    WHERE s.checklist_id = ? AND s.status = 'completed'
)
SELECT a.item_id, a.value, COUNT(*)
FROM ranked r JOIN answer a ON a.session_id = r.sid
WHERE r.rn = 1
GROUP BY a.item_id, a.value
"""


def hand_written(path: Path, checklist: Checklist) -> list[tuple[Any, ...]]:
    unit = "s.respondent_id" if checklist.unit.value == "respondent" else "s.organization_id"
    with sqlite3.connect(path) as conn:
        return conn.execute(HAND_WRITTEN.format(unit=unit), (checklist.id,)).fetchall()


def timed(func: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_scale(
    label: str, folder: Path, catalog: ChecklistCatalog, orgs: int, operators: int, goal: float
) -> list[str]:
    path = folder / f"{label}.db"
    start = time.perf_counter()
    build(path, catalog, orgs, operators)
    built = time.perf_counter() - start
    engine = open_database(f"sqlite:///{path}")
    repo = ConsolidationRepository(engine)
    lines = [
        f"## ({label}) {orgs:,} organisations, {operators:,} operators (built in {built:.1f} s)"
    ]
    lines.append(
        "| checklist | units | answers read | inspector consolidate | hand-written GROUP BY | ratio | goal |"
    )
    lines.append("|---|---|---|---|---|---|---|")
    for checklist_id in ("juki-department", "juki-operator"):
        checklist = catalog.get(checklist_id)
        t_ours, result = timed(lambda c=checklist: repo.consolidate(c))
        t_hand, rows = timed(lambda c=checklist: hand_written(path, c))
        # the same numbers as the hand-written query
        counts: dict[tuple[str, str], int] = {(i, v): n for i, v, n in rows}
        for item in result.items:
            assert item.noncompliant == counts.get((item.item, "noncompliant"), 0), item
            assert item.compliant == counts.get((item.item, "compliant"), 0), item
        answers = sum(counts.values())
        verdict = "ok" if t_ours < goal and (goal < 1 or t_ours <= 2 * t_hand) else "MISSED"
        lines.append(
            f"| {checklist_id} | {result.population:,} | {answers:,} | {t_ours:.3f} s | "
            f"{t_hand:.3f} s | {t_ours / t_hand:.2f}x | < {goal} s: {verdict} |"
        )
    if orgs <= 200:
        checklist = catalog.get("juki-operator")
        scope = repo.scope(checklist)

        def reference() -> Any:
            units, missing = repo.units(scope)
            return summarize(checklist, tally_units(checklist, units, missing))

        t_ref, ref = timed(reference)
        assert ref.to_json() == repo.consolidate(checklist).to_json()
        lines.append(f"| juki-operator, pure-Python reference path | | | {t_ref:.3f} s | | | |")
    lines.append(f"\npeak memory of the process so far: {peak_mb():.0f} MB")
    engine.dispose()
    return lines


def hand_written_on(engine: Any, checklist: Checklist) -> list[tuple[Any, ...]]:
    """The same hand-written query, sent by the server database's own driver (psycopg)."""
    unit = "s.respondent_id" if checklist.unit.value == "respondent" else "s.organization_id"
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(HAND_WRITTEN.format(unit=unit).replace("?", "%s"), (checklist.id,))
        return list(cursor.fetchall())
    finally:
        connection.close()


def bench_server(url: str, folder: Path, catalog: ChecklistCatalog, goal: float) -> list[str]:
    """(b) on a PostgreSQL server: built in SQLite, copied over, consolidated there."""
    from sqlalchemy import text

    from inspector.services.db_copy import copy_database
    from inspector.store.database import shown_url

    path = folder / "server-source.db"
    start = time.perf_counter()
    build(path, catalog, 2_000, 50_000)
    built = time.perf_counter() - start
    source = open_database(f"sqlite:///{path}")
    start = time.perf_counter()
    report = copy_database(source, url)
    copied = time.perf_counter() - start
    source.dispose()
    engine = open_database(url)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
        version = connection.execute(text("SHOW server_version")).scalar_one()
    repo = ConsolidationRepository(engine)
    lines = [
        f"## (b) on PostgreSQL {version} ({shown_url(url)}): 2,000 organisations, 50,000 operators",
        f"- built in SQLite in {built:.1f} s; `db copy` of {report.rows:,} rows "
        f"(20 tables, row counts and digests checked on both sides): {copied:.1f} s",
        "",
        "| checklist | units | answers read | inspector consolidate | hand-written GROUP BY | ratio | goal |",
        "|---|---|---|---|---|---|---|",
    ]
    for checklist_id in ("juki-department", "juki-operator"):
        checklist = catalog.get(checklist_id)
        t_ours, result = timed(lambda c=checklist: repo.consolidate(c))
        t_hand, rows = timed(lambda c=checklist: hand_written_on(engine, c))
        counts: dict[tuple[str, str], int] = {(i, v): n for i, v, n in rows}
        for item in result.items:
            assert item.noncompliant == counts.get((item.item, "noncompliant"), 0), item
            assert item.compliant == counts.get((item.item, "compliant"), 0), item
        answers = sum(counts.values())
        verdict = "ok" if t_ours < goal and t_ours <= 2 * t_hand else "MISSED"
        lines.append(
            f"| {checklist_id} | {result.population:,} | {answers:,} | {t_ours:.3f} s | "
            f"{t_hand:.3f} s | {t_ours / t_hand:.2f}x | < {goal} s, <= 2x: {verdict} |"
        )
    lines.append(f"\npeak memory of the process so far: {peak_mb():.0f} MB")
    engine.dispose()
    return lines


def bench_bundles(folder: Path, catalog: ChecklistCatalog, n: int = 150) -> list[str]:
    from inspector.exchange.bundle import (
        export_bundle,
        import_bundles,
        load_encryption_cert,
        load_encryption_key,
    )
    from inspector.reports.keys import init_office, issue_inspector, load_identity, load_root

    keys_dir = folder / "keys"
    init_office(keys_dir, b"bench")
    issue_inspector(keys_dir, "bench", "O00000", b"bench")
    identity = load_identity(keys_dir, "bench", b"bench")
    root = load_root(keys_dir)
    encryption = load_encryption_cert(keys_dir, root)
    laptop = folder / "laptop.db"
    build(laptop, catalog, n, n * 10)  # 150 departments with 10 operators each
    engine = open_database(f"sqlite:///{laptop}")
    files = []
    (folder / "bundles").mkdir()  # outputs never make their folder
    start = time.perf_counter()
    for i in range(n):
        out = folder / "bundles" / f"O{i:05d}.bundle"
        export_bundle(engine, f"O{i:05d}", out, signer=identity, encryption_cert=encryption)
        files.append(out)
    exported = time.perf_counter() - start
    engine.dispose()
    office = open_database(f"sqlite:///{folder / 'office.db'}")
    key = load_encryption_key(keys_dir, b"bench")
    start = time.perf_counter()
    receipt = import_bundles(
        office,
        files,
        office_cert=root,
        encryption_cert=encryption,
        encryption_key=key,
        actor="bench",
    )
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = import_bundles(
        office,
        files,
        office_cert=root,
        encryption_cert=encryption,
        encryption_key=key,
        actor="bench",
    )
    second = time.perf_counter() - start
    assert not again.changed
    answers = receipt.to_json()["tables"]["answer"]["added"]
    return [
        f"## bundles: {n} files ({answers:,} answers, {n * 11:,} sessions)",
        f"- export of {n} files: {exported:.2f} s",
        f"- import of {n} files in one transaction: {first:.2f} s",
        f"- the same {n} files again (nothing changes): {second:.2f} s",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-prefecture", action="store_true")
    parser.add_argument("--skip-bundles", action="store_true")
    parser.add_argument(
        "--db", metavar="URL", help="Only (b), on this empty PostgreSQL database (see above)."
    )
    parser.add_argument(
        "--lists",
        metavar="FILE",
        help="Only the lists on the prefecture (b), built into FILE when it does not exist.",
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    if args.lists:
        from bench_lists import bench_lists

        path = Path(args.lists)
        if not path.exists():
            start = time.perf_counter()
            build(path, catalog, 2_000, 50_000)
            print(f"built {path} in {time.perf_counter() - start:.1f} s")
        print("\n".join(bench_lists(path, args.runs)))
        return
    lines: list[str] = [f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.db:
            print("\n".join(lines + bench_server(args.db, folder, catalog, 5.0)))
            return
        lines += bench_scale("a", folder, catalog, 150, 1_600, 0.3)
        if not args.skip_prefecture:
            lines += bench_scale("b", folder, catalog, 2_000, 50_000, 5.0)
        if not args.skip_bundles:
            lines += bench_bundles(folder, catalog)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
