"""Write transactions that hold the write lock from their first statement, and a retry.

pysqlite starts a transaction only at the first INSERT or UPDATE, so what a writer reads
first ("is this session there yet?", "has this item an answer?") is read outside any
lock: two writers both read "no" and both insert (duplicate sessions, or an
`IntegrityError` on a unique key). `BEGIN IMMEDIATE` takes SQLite's write lock before the
first read; a second writer waits for it (the busy timeout) and then reads what the first
committed. On PostgreSQL the unique keys refuse the second insert and the whole
transaction is run again (`retry_on_conflict`), when it reads the first one's rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

T = TypeVar("T")

CONFLICT_ATTEMPTS = 3


# How long an import waits for another writer (another import of a large file) before it
# gives up; an answer save waits the busy timeout only, so the interface never hangs long.
IMPORT_LOCK_WAIT = 600.0


@contextmanager
def write_connection(engine: Engine, wait: float = 0.0) -> Iterator[Connection]:
    """A connection in a write transaction: committed when the block ends, rolled back
    (nothing written) when it raises. On SQLite the write lock is awaited for the busy
    timeout, or for `wait` seconds when that is longer."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _begin_immediate(conn, time.monotonic() + wait)
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def _begin_immediate(conn: Connection, deadline: float) -> None:
    # Before any read: pysqlite sends no BEGIN of its own inside this one. Each try waits
    # the busy timeout; a writer holding the lock longer is waited for until `deadline`.
    while True:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as exc:
            conn.rollback()
            if "locked" not in str(exc.orig).lower() or time.monotonic() >= deadline:
                raise


def retry_on_conflict(work: Callable[[], T], attempts: int = CONFLICT_ATTEMPTS) -> T:
    """Run `work` (a whole transaction) again when a concurrent writer took a unique key
    first; the next run reads that writer's row. The last failure is raised."""
    for attempt in range(attempts):
        try:
            return work()
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
