"""`save_answer_at_once`, the runner's commit in its interface thread: it takes SQLite's write
lock only when it is free at once, writes nothing and waits for nothing when another writer
holds it, and otherwise writes what `save_answer` writes, durably, on a connection whose busy
timeout is as it was."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import Role, SessionKind
from inspector.store.database import BUSY_TIMEOUT_MS, open_database
from inspector.store.errors import SessionReadOnly
from inspector.store.repository import OrganizationInput, Repository


@pytest.fixture
def sqlite_repo(db_path: Path, mini_catalog: ChecklistCatalog) -> Repository:
    repo = Repository(open_database(f"sqlite:///{db_path}"))
    repo.checklists = mini_catalog.get
    repo.upsert_organizations([OrganizationInput("GEN", "総務課", None, ("employs_temporary",))])
    return repo


def _session(repo: Repository, catalog: ChecklistCatalog) -> int:
    org = repo.find_organization("GEN")
    assert org is not None
    return repo.start_session(
        catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id


def _answers(path: Path, sid: int) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as other:  # another connection: what is committed
        rows = other.execute(
            "SELECT item_id, value FROM answer WHERE session_id = ? ORDER BY item_id", (sid,)
        ).fetchall()
    other.close()
    return rows


def test_a_free_lock_commits_the_same_rows_as_save_answer(
    sqlite_repo: Repository, mini_catalog: ChecklistCatalog, db_path: Path
) -> None:
    sid = _session(sqlite_repo, mini_catalog)
    state = sqlite_repo.save_answer_at_once(
        sid, "c1", lambda s: replace(s, value="noncompliant", note="要確認"), "監査 太郎"
    )
    assert state is not None and state.value == "noncompliant" and state.note == "要確認"
    assert _answers(db_path, sid) == [("c1", "noncompliant")]
    sqlite_repo.save_answer(sid, "c2", lambda s: replace(s, value="compliant"), "監査 太郎")
    changes = sqlite_repo.changes(sid)
    assert [(c.item_id, c.action, c.new.value, c.changed_by) for c in changes] == [
        ("c1", "answer", "noncompliant", "監査 太郎"),
        ("c2", "answer", "compliant", "監査 太郎"),
    ]
    with sqlite3.connect(db_path) as other:  # the counters follow, as with save_answer
        counted = other.execute(
            "SELECT answered_count FROM inspection_session WHERE id = ?", (sid,)
        ).fetchone()
    other.close()
    assert counted == (2,)


def test_a_held_lock_writes_nothing_and_waits_for_nothing(
    sqlite_repo: Repository, mini_catalog: ChecklistCatalog, db_path: Path
) -> None:
    sid = _session(sqlite_repo, mini_catalog)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        started = time.monotonic()
        assert (
            sqlite_repo.save_answer_at_once(sid, "c1", lambda s: replace(s, value="yes"), "x")
            is None
        )
        # no wait for the busy timeout (30 s): the caller goes to its writer thread at once
        assert time.monotonic() - started < BUSY_TIMEOUT_MS / 1000 / 10
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _answers(db_path, sid) == []
    assert sqlite_repo.changes(sid) == []
    # the pooled connection waits for a lock again as every other writer does
    with sqlite_repo.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    # and the lock free again, the next commit at once goes through
    assert sqlite_repo.save_answer_at_once(sid, "c1", lambda s: replace(s, value="compliant"), "x")
    assert _answers(db_path, sid) == [("c1", "compliant")]


def test_it_refuses_what_save_answer_refuses(
    sqlite_repo: Repository, mini_catalog: ChecklistCatalog, db_path: Path
) -> None:
    sid = _session(sqlite_repo, mini_catalog)
    sqlite_repo.complete_session(sid, "x")
    with pytest.raises(SessionReadOnly):
        sqlite_repo.save_answer_at_once(sid, "c1", lambda s: replace(s, value="compliant"), "x")
    assert _answers(db_path, sid) == []
    with sqlite_repo.engine.connect() as conn:  # rolled back: the lock is free again
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        conn.rollback()


def test_the_core_path_and_other_databases_leave_it_to_save_answer(
    sqlite_repo: Repository, mini_catalog: ChecklistCatalog, db_path: Path
) -> None:
    sid = _session(sqlite_repo, mini_catalog)
    sqlite_repo.fast_saves = False  # as on PostgreSQL: no commit at once
    assert (
        sqlite_repo.save_answer_at_once(sid, "c1", lambda s: replace(s, value="yes"), "x") is None
    )
    assert _answers(db_path, sid) == []


def test_postgresql_is_never_written_at_once_nor_connected_to() -> None:
    from sqlalchemy import create_engine

    # no server listens there: a connection attempt would raise
    repo = Repository(create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    change = lambda s: replace(s, value="yes")  # noqa: E731
    assert repo.save_answer_at_once(1, "c1", change, "x") is None
    assert "_held" not in repo.__dict__  # no connection kept (none made)
