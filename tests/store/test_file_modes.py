"""The database, its WAL, shared-memory index and journal are 0600 whatever the umask
(issue 11 point 6): they hold staff names and findings."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from inspector.store.database import open_database

pytestmark = pytest.mark.sqlite_only("the SQLite file's and its -wal/-shm's permissions")


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o000, 0o022])
@pytest.mark.parametrize("passphrase", [None, "laptop passphrase"])
def test_database_wal_and_shm_are_0600(tmp_path: Path, mask: int, passphrase: str | None) -> None:
    db = tmp_path / "inspector.db"
    with umask(mask):
        engine = open_database(f"sqlite:///{db}", passphrase=passphrase)
        with engine.connect() as connection:  # the WAL and its index exist while open
            connection.execute(text("CREATE TABLE scratch (x)"))
            connection.execute(text("INSERT INTO scratch VALUES (1)"))
            connection.commit()
            wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
            assert wal.exists() and shm.exists()
            assert {p.name: mode(p) for p in (db, wal, shm)} == {
                db.name: 0o600,
                wal.name: 0o600,
                shm.name: 0o600,
            }
        engine.dispose()


def test_a_rollback_journal_is_0600(tmp_path: Path) -> None:
    """A connection in rollback-journal mode (as `db encrypt` uses) makes -journal with the
    database's mode."""
    import sqlite3

    db = tmp_path / "inspector.db"
    with umask(0):
        open_database(f"sqlite:///{db}").dispose()
        connection = sqlite3.connect(db, isolation_level=None)
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("BEGIN")
        connection.execute("CREATE TABLE scratch (x)")
        journal = Path(f"{db}-journal")
        assert journal.exists() and mode(journal) == 0o600
        connection.execute("COMMIT")
        connection.close()


def test_an_existing_readable_database_is_narrowed(tmp_path: Path) -> None:
    db = tmp_path / "inspector.db"
    open_database(f"sqlite:///{db}").dispose()
    for each in (db, Path(f"{db}-wal")):
        if each.exists():
            each.chmod(0o644)
    open_database(f"sqlite:///{db}").dispose()
    assert mode(db) == 0o600
