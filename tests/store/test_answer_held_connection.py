"""The connection the runner's interface thread keeps for its commits at once
(`answer_writes.HeldConnection`): opened as the engine opens every connection (an encrypted
file's key), one per thread, its failures at COMMIT raised as a refused statement's are,
the write lock free afterwards, and closed with the context."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.store.database import BUSY_TIMEOUT_MS, open_database
from inspector.store.encryption import connect
from inspector.store.errors import DatabaseError
from inspector.store.repository import OrganizationInput, Repository
from tests.store.test_answer_fast_path import _database, _written

SECRET = "監査の合言葉 2026"


def _compliant(old: AnswerState) -> AnswerState:
    return replace(old, value="compliant")


def test_an_encrypted_database_is_written_at_once_with_its_key(
    tmp_path: Path, mini_catalog: ChecklistCatalog
) -> None:
    path = tmp_path / "secret.db"
    repo = Repository(open_database(f"sqlite:///{path}", passphrase=SECRET))
    repo.checklists = mini_catalog.lookup
    repo.upsert_organizations([OrganizationInput("GEN", "総務課")])
    org = repo.find_organization("GEN")
    assert org is not None
    sid = repo.start_session(
        mini_catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id
    assert repo.save_answer_at_once(sid, "c1", _compliant, "監査 太郎") is not None
    repo.close_held_connections()
    repo.engine.dispose()
    with pytest.raises(sqlite3.DatabaseError):  # still unreadable without the key
        sqlite3.connect(path).execute("SELECT count(*) FROM answer").fetchone()
    other = connect(path, SECRET)
    try:
        found = other.execute("SELECT item_id, value FROM answer").fetchall()
    finally:
        other.close()
    assert found == [("c1", "compliant")]


def test_a_commit_the_database_refuses_writes_nothing_and_frees_the_lock(
    tmp_path: Path, mini_catalog: ChecklistCatalog
) -> None:
    path = tmp_path / "refuses.db"
    repo, sid = _database(path, mini_catalog, fast=True)
    # a deferred reference is checked at COMMIT: the statements pass, the commit fails
    with sqlite3.connect(path) as other:
        other.executescript(
            """
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (
                parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED
            );
            CREATE TRIGGER orphan AFTER INSERT ON answer_change
            BEGIN INSERT INTO child VALUES (999); END;
            """
        )
    other.close()
    before = _written(repo)
    with pytest.raises(DatabaseError) as caught:
        repo.save_answer_at_once(sid, "c1", _compliant, "監査 太郎")
    assert isinstance(caught.value.__cause__, DBAPIError)
    assert isinstance(caught.value.__cause__.orig, sqlite3.IntegrityError)
    assert _written(repo) == before  # nothing written
    lock = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        lock.execute("BEGIN IMMEDIATE")  # rolled back: the lock is free again
        lock.execute("ROLLBACK")
    finally:
        lock.close()
    with sqlite3.connect(path) as other:
        other.execute("DROP TRIGGER orphan")
    other.close()
    # the same kept connection commits the next answer
    assert repo.save_answer_at_once(sid, "c1", _compliant, "監査 太郎") is not None
    assert len(repo.__dict__["_held"]) == 1


def test_each_thread_keeps_its_own_connection_and_the_pool_waits_for_locks(
    tmp_path: Path, mini_catalog: ChecklistCatalog
) -> None:
    repo, sid = _database(tmp_path / "threads.db", mini_catalog, fast=True)
    assert repo.save_answer_at_once(sid, "c1", _compliant, "x") is not None
    thread = threading.Thread(
        target=lambda: repo.save_answer_at_once(sid, "c2", _compliant, "x"), name="other"
    )
    thread.start()
    thread.join()
    held = repo.__dict__["_held"]
    assert len(held) == 2
    assert {c._dbapi.execute("PRAGMA busy_timeout").fetchone()[0] for c in held.values()} == {0}
    with repo.engine.connect() as conn:  # every other writer still waits for a lock
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


def test_closing_the_context_closes_the_kept_connection(db_path: Path) -> None:
    from inspector.config import load_settings
    from inspector.context import AppContext

    context = AppContext(load_settings(db=str(db_path)))
    context.repo.upsert_organizations([OrganizationInput("GEN", "総務課")])
    org = context.repo.organizations()[0]
    checklist = context.catalog.get("juki-department")
    sid = context.repo.start_session(
        checklist, org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id
    item = checklist.items[0].id
    assert context.repo.save_answer_at_once(sid, item, _compliant, "x") is not None
    kept = next(iter(context.repo.__dict__["_held"].values()))
    context.close()
    assert "_held" not in context.repo.__dict__
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        kept._dbapi.execute("SELECT 1")
