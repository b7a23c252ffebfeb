"""Room in the write-ahead log before the first answer (`store/wal_room.py`): the log file
is made long enough for the answers up to SQLite's first automatic checkpoint, committing
nothing (no table, no row, the connection's settings as they were); never while another
writer holds the lock; and a process killed after answering over that room loses no
acknowledged answer."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import Role, SessionKind
from inspector.store.database import BUSY_TIMEOUT_MS, open_database
from inspector.store.repository import OrganizationInput, Repository
from inspector.store.wal_room import ROOM_PAGES

pytestmark = pytest.mark.sqlite_only("SQLite's write-ahead log file")

HERE = Path(__file__).resolve().parent


def _frames(db: Path) -> int:
    """Frames the log file holds (32-byte header; a 24-byte header and a page per frame)."""
    wal = Path(f"{db}-wal")
    return (wal.stat().st_size - 32) // (4096 + 24) if wal.exists() else 0


def _committed(db: Path) -> tuple[list[tuple[str]], list[tuple[object, ...]], int]:
    """The tables, the answers and the change-log rows another connection reads."""
    with sqlite3.connect(db) as other:
        tables = other.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
        answers = other.execute("SELECT session_id, item_id, value FROM answer").fetchall()
        logged = other.execute("SELECT count(*) FROM answer_change").fetchone()[0]
    other.close()
    return tables, sorted(answers), logged


@pytest.fixture
def repo(db_path: Path, mini_catalog: ChecklistCatalog) -> Repository:
    repo = Repository(open_database(f"sqlite:///{db_path}"))
    repo.checklists = mini_catalog.get
    repo.upsert_organizations([OrganizationInput("GEN", "総務課")])
    return repo


def _answer(repo: Repository, catalog: ChecklistCatalog) -> int:
    org = repo.find_organization("GEN")
    assert org is not None
    sid = repo.start_session(
        catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id
    repo.save_answer(sid, "c1", lambda s: replace(s, value="compliant"), "監査 太郎")
    return sid


def test_room_is_made_for_the_answers_before_the_first_checkpoint_committing_nothing(
    repo: Repository, mini_catalog: ChecklistCatalog, db_path: Path
) -> None:
    sid = _answer(repo, mini_catalog)
    before = _committed(db_path)
    assert _frames(db_path) < 100
    assert repo.make_room_for_answers() is True
    assert _frames(db_path) >= ROOM_PAGES
    assert _committed(db_path) == before  # no table, no row
    with repo.engine.connect() as conn:  # the pooled connection's settings as they were
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert repo.make_room_for_answers() is False  # the room is there: nothing done
    # answers are written over the room, from the last committed frame on
    repo.save_answer(sid, "c2", lambda s: replace(s, value="noncompliant"), "監査 太郎")
    assert _committed(db_path)[1] == [(sid, "c1", "compliant"), (sid, "c2", "noncompliant")]
    assert _frames(db_path) >= ROOM_PAGES


def test_no_room_is_made_while_another_writer_holds_the_lock(
    repo: Repository, mini_catalog: ChecklistCatalog, db_path: Path
) -> None:
    _answer(repo, mini_catalog)
    frames = _frames(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        assert repo.make_room_for_answers() is False
        assert time.monotonic() - started < 5  # far under the busy timeout (30 s)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _frames(db_path) == frames
    with repo.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_sigkill_after_answering_over_the_room_keeps_every_acknowledged_answer(
    tmp_path: Path,
) -> None:
    db = tmp_path / "room.db"
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    child = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "_room_writer.py"),
            str(db),
            str(HERE.parent / "fixtures" / "mini.yaml"),
            "60",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "room"
    room = _frames(db)
    assert room >= ROOM_PAGES
    acknowledged: list[tuple[int, str, str]] = []
    for line in child.stdout:
        session_id, item, value = line.split()
        acknowledged.append((int(session_id), item, value))
        if len(acknowledged) == 60:
            break
    # the answers so far were written over the room (the file did not grow), and the
    # room's uncommitted frames follow the last of them
    assert _frames(db) == room
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    tables, stored, logged = _committed(db)
    assert ("_wal_room",) not in tables
    assert stored == sorted(acknowledged)  # each one, and nothing of the room
    assert logged == len(acknowledged)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    # and the database takes answers again after the crash
    repo = Repository(open_database(f"sqlite:///{db}"))
    assert repo.find_organization("X") is not None
    repo.engine.dispose()
